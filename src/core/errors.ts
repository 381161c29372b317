import { z, type ZodError } from 'zod'
import { plainIssueMessage } from './zod-messages.ts'

// zod's generic messages in plain words, for every contract checked here (a schema's own message wins).
z.config({ customError: plainIssueMessage })

export type FieldError = { path: string; message: string }

const statusByCode = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  IMPORT_INVALID: 422,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PARTNER_NOT_FOUND: 404,
  CONTACT_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,
  PROGRAM_YEAR_NOT_FOUND: 404,
  METRICS_NOT_FOUND: 404,
  WAIVER_NOT_FOUND: 404,
  REVIEW_NOT_FOUND: 404,
  DECISION_NOT_FOUND: 404,
  MAIL_NOT_FOUND: 404,
  INQUIRY_NOT_FOUND: 404,
  ROUTING_RULE_NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  AGREEMENT_NOT_FOUND: 404,
  DOCUMENT_NOT_FOUND: 404,
  EXTENSION_NOT_FOUND: 404,
  DEAL_NOT_FOUND: 404,
  CUSTOMER_ACCOUNT_NOT_FOUND: 404,
  ALLOCATION_NOT_FOUND: 404,
  MDF_REQUEST_NOT_FOUND: 404,
  MDF_CLAIM_NOT_FOUND: 404,
  LEDGER_TRANSACTION_NOT_FOUND: 404,
  BENEFIT_NOT_INCLUDED: 403,
  CONFLICT: 409,
  EMAIL_TAKEN: 409,
  INVALID_TRANSITION: 409,
  TIER_CHANGE_NEEDS_REVIEW: 409,
  PROGRAM_YEAR_LOCKED: 409,
  PROGRAM_YEAR_EXISTS: 409,
  METRICS_CONFIRMED: 409,
  REVIEW_FINISHED: 409,
  ALREADY_APPROVED: 409,
  DECISION_APPLIED: 409,
  CASE_CLOSED: 409,
  CHECKLIST_INCOMPLETE: 409,
  AGREEMENT_NOT_SIGNABLE: 409,
  ALREADY_SIGNED: 409,
  EXTENSION_DECIDED: 409,
  DEAL_CONFLICT: 409,
  WEBHOOK_NOT_FOUND: 404,
  DELIVERY_NOT_FOUND: 404,
  TARGET_REFUSED: 422,
  EVENT_FULL: 409,
  FUNDS_INSUFFICIENT: 409,
  CLAIM_WINDOW_CLOSED: 409,
  FX_RATE_MISSING: 422,
  RESOURCE_NOT_FOUND: 404,
  SCREENING_NOT_FOUND: 404,
  PROJECT_NOT_FOUND: 404,
  SOW_NOT_FOUND: 404,
  PO_NOT_FOUND: 404,
  INVOICE_NOT_FOUND: 404,
  RESOURCE_NOT_SCREENED: 409,
  SOW_GUIDELINE_GAPS: 422,
  SOW_NOT_ACCEPTED: 409,
  FLOW_DOWN_REQUIRED: 409,
  FLOW_DOWN_EXISTS: 409,
  SAFETY_BLOCKED: 409,
  NO_OPEN_PO: 409,
  PO_BALANCE_EXCEEDED: 409,
  DUPLICATE_INVOICE_NUMBER: 409,
  CURRENCY_MISMATCH: 409,
  PO_NUMBER_TAKEN: 409,
  CXML_INVALID: 500,
  PRECONDITION_FAILED: 412,
  IDEMPOTENCY_KEY_REUSED: 422,
  PAYLOAD_TOO_LARGE: 413,
  IMPORT_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
} as const

export type ErrorCode = keyof typeof statusByCode

const titles: Partial<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: 'Validation failed',
  IMPORT_INVALID: 'Import file has invalid rows',
  UNAUTHENTICATED: 'Authentication required',
  INVALID_CREDENTIALS: 'Invalid email or password',
  FORBIDDEN: 'Not allowed',
  CSRF_FAILED: 'CSRF check failed',
  PRECONDITION_FAILED: 'The resource changed since you read it',
  PAYLOAD_TOO_LARGE: 'Request body too large',
  IMPORT_TOO_LARGE: 'Import file over the limits',
  TOO_MANY_REQUESTS: 'Too many requests',
  INTERNAL: 'Internal error',
}

/** The one error type of the application; `code` is stable and maps to an HTTP status. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details: { errors?: FieldError[]; retryAfterSeconds?: number; [k: string]: unknown } = {},
  ) {
    super(message ?? titles[code] ?? code)
  }
  get status(): number {
    return statusByCode[this.code]
  }
  get title(): string {
    return titles[this.code] ?? this.message
  }
}

export function notFound(code: ErrorCode = 'NOT_FOUND', what = 'Resource'): AppError {
  return new AppError(code, `${what} not found`)
}

export function zodFieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((i) => {
    const base = i.path.map(String)
    // Unknown fields are reported one by one, each at its own path.
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ path: [...base, k].join('.'), message: 'Unknown field' }))
    return [{ path: base.join('.'), message: i.message }]
  })
}

export function validationError(error: ZodError): AppError {
  return new AppError('VALIDATION_FAILED', 'Validation failed', { errors: zodFieldErrors(error) })
}

/** RFC 9457 problem details body for an error. */
export function problem(err: AppError, instance?: string) {
  const { errors, retryAfterSeconds: _r, ...rest } = err.details
  return {
    type: 'about:blank',
    title: err.title,
    status: err.status,
    code: err.code,
    detail: err.message,
    ...(instance ? { instance } : {}),
    ...(errors ? { errors } : {}),
    ...rest,
  }
}
