import { DateInput, type DateInputProps } from '@mantine/dates'
import { DATE_FORMAT_HINT, DATE_VALUE_FORMAT } from '../lib/format.ts'

type Props = Omit<DateInputProps, 'value' | 'onChange'> & {
  /** The date as the API has it, YYYY-MM-DD ('' when empty). */
  value?: string
  onChange: (value: string) => void
}

/**
 * A date, shown and typed in the app's one format ("Mar 31, 2027"; "2027-03-31" is understood too),
 * with a calendar to pick from. The value stays the API's YYYY-MM-DD.
 */
export function DateField({ value = '', onChange, ...rest }: Props) {
  return (
    <DateInput
      valueFormat={DATE_VALUE_FORMAT}
      placeholder={DATE_FORMAT_HINT}
      clearable
      {...rest}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
    />
  )
}
