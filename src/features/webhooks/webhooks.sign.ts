import { createHmac, randomBytes } from 'node:crypto'

/**
 * Standard Webhooks (standardwebhooks.com): a secret `whsec_<base64 key>`, and on every request
 * `webhook-id` (the delivery's id, the same on every attempt: receivers de-duplicate by it),
 * `webhook-timestamp` (seconds, of this attempt) and `webhook-signature: v1,<base64 HMAC-SHA256(key, id.timestamp.body)>`.
 */
export const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`

export function signatureHeaders(secret: string, id: string, body: string, at: Date): Record<string, string> {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const timestamp = String(Math.floor(at.getTime() / 1000))
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}`, 'user-agent': 'Alliance-Webhooks/1' }
}

/**
 * Retries: the first attempt at once, then after 1 min, 4, 16, 64 min, ~4.3 h and ~17 h (×4 each time),
 * about 23 hours in all; each wait is jittered by ±20 % so many receivers that failed together do not come
 * back at the same second. After the last attempt the delivery fails and its subscription is marked failing.
 */
export const RETRY_BASE_MS = 60_000
export const RETRY_FACTOR = 4
export const MAX_ATTEMPTS = 7
export const JITTER = 0.2

/** How long to wait after failed attempt number `attempt` (1-based); null: no more attempts. `random` in [0, 1). */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number | null {
  if (attempt >= MAX_ATTEMPTS) return null
  const base = RETRY_BASE_MS * RETRY_FACTOR ** (attempt - 1)
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()))
}
