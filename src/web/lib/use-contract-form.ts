import { useForm } from '@mantine/form'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { z } from 'zod'
import { ApiError, errorMessage } from './api.ts'
import type * as ContractsModule from './contracts.ts'
import { mapErrors, type FieldError } from './form-errors.ts'

export type Contracts = typeof ContractsModule
let contracts: Contracts | null = null
let loading: Promise<Contracts> | null = null
/** The contracts chunk, loaded once. */
export function loadContracts(): Promise<Contracts> {
  loading ??= import('./contracts.ts').then((m) => (contracts = m))
  return loading
}

type Values = Record<string, unknown>
type FieldOf = Readonly<Record<string, string>> | ((path: string) => string | undefined)

export type ContractFormOptions<V extends Values, S extends z.ZodType> = {
  initialValues: V
  /** The feature's contract for the request body, from the contracts chunk: the page checks exactly what the server checks. */
  schema: (contracts: Contracts) => S
  /** The request body made from the form's values (what the contract checks and the API receives). */
  toBody: (values: V) => unknown
  /** Which field an error path of the body belongs to, when it is not the field's own name ("customer.country" → "country"). */
  fieldOf?: FieldOf
  /** Sends the checked body; a thrown ApiError's errors[] land on the same fields. */
  onSubmit: (body: z.output<S>, values: V) => Promise<void>
}

const issuesOf = (error: z.ZodError): FieldError[] => error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))

/**
 * The one form pattern: values in @mantine/form, the contract checked on submit, the server's errors[]
 * mapped to the same fields, a field's message re-checked as it is edited (cleared once it is fixed),
 * and focus moved to the first field in error (or to the form's message when no field is named).
 *
 * Render `<form ref={form.ref} onSubmit={form.submit} noValidate>`, spread `form.getInputProps(name)` on
 * each input and show `<FormError error={form.message} />` at the top.
 */
export function useContractForm<V extends Values, S extends z.ZodType>(options: ContractFormOptions<V, S>) {
  const { schema, toBody, fieldOf } = options
  const fields = Object.keys(options.initialValues)
  const ref = useRef<HTMLFormElement>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const shownErrors = useRef<Record<string, unknown>>({})

  useEffect(() => void loadContracts(), [])

  const check = (values: V, loaded: Contracts) => {
    const result = schema(loaded).safeParse(toBody(values))
    return result.success
      ? { ok: true as const, body: result.data, byField: {}, other: [] }
      : { ok: false as const, ...mapErrors(issuesOf(result.error), fields, fieldOf) }
  }

  const form = useForm<V>({
    initialValues: options.initialValues,
    clearInputErrorOnChange: false,
    onValuesChange: (values, previous) => {
      const shown = Object.keys(shownErrors.current).filter((f) => shownErrors.current[f] && values[f] !== previous[f])
      if (!shown.length || !contracts) return
      const { byField } = check(values, contracts) as { byField: Record<string, string> }
      for (const f of shown) {
        if (byField[f]) form.setFieldError(f, byField[f])
        else form.clearFieldError(f)
      }
    },
  })

  shownErrors.current = form.errors

  const focusFirstError = () =>
    requestAnimationFrame(() => {
      const root = ref.current ?? document
      const target = root.querySelector<HTMLElement>('[aria-invalid="true"]') ?? root.querySelector<HTMLElement>('[data-form-message]')
      target?.focus()
    })

  const show = (byField: Record<string, string>, other: string[], fallback: string | null) => {
    form.setErrors(byField)
    setMessage(other.length ? other.join(' ') : Object.keys(byField).length ? null : fallback)
    focusFirstError()
  }

  /** The form's submit handler: it handles every outcome itself (field errors, message), so nothing is left to await. */
  const submit = (event?: FormEvent): void => {
    event?.preventDefault()
    void send()
  }
  const send = async () => {
    if (busy) return
    setBusy(true)
    try {
      const result = check(form.getValues(), await loadContracts())
      if (!result.ok) return show(result.byField, result.other, 'Check the form')
      form.clearErrors()
      setMessage(null)
      await options.onSubmit(result.body as z.output<S>, form.getValues())
    } catch (e) {
      const mapped = e instanceof ApiError && e.problem.errors?.length ? mapErrors(e.problem.errors, fields, fieldOf) : null
      show(mapped?.byField ?? {}, mapped?.other ?? [], errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  /** Shows a message above the form (e.g. a refusal that names no field) and moves focus to it. */
  const fail = (text: string) => show({}, [text], null)

  return { ...form, ref, submit, busy, message, setMessage, fail }
}
