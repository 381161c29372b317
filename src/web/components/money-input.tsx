import { Text, TextInput, type TextInputProps } from '@mantine/core'
import { formatAmount, parseAmount } from '../lib/money.ts'

type Props = Omit<TextInputProps, 'value' | 'onChange'> & {
  value?: string
  onChange: (value: string) => void
  currency: string
}

/**
 * An amount of money: typed as people write it ("2,500,000" or "2500000"), shown with thousands
 * separators once the field is left, with its currency beside it. The value is the typed text; send
 * `parseAmount(value)` to the API.
 */
export function MoneyInput({ value = '', onChange, currency, onBlur, ...rest }: Props) {
  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      {...rest}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onBlur={(e) => {
        if (value.trim()) onChange(formatAmount(parseAmount(value)))
        onBlur?.(e)
      }}
      rightSection={
        <Text size="xs" c="dimmed" aria-hidden>
          {currency}
        </Text>
      }
      rightSectionWidth={44}
    />
  )
}
