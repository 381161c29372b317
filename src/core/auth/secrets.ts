import { createHash, randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'

// argon2id is the library's default algorithm; parameters follow OWASP's minimums.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 }

export const hashPassword = (password: string): Promise<string> => hash(password, options)

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  // Unknown users still pay for one verification, so timing does not reveal which emails exist.
  const target = stored ?? DUMMY_HASH
  const ok = await verify(target, password).catch(() => false)
  return ok && stored !== null
}

const DUMMY_HASH = await hash('not-a-real-password', options)

/** A random secret for cookies and API tokens, and the hash under which it is stored. */
export function newSecret(prefix = ''): { secret: string; hash: string } {
  const secret = prefix + randomBytes(32).toString('base64url')
  return { secret, hash: hashSecret(secret) }
}

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex')
