import { z } from 'zod'

/** Whether a text is an http or https address with a host name (no javascript:, file: or data: addresses). */
export function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && !url.hostname.split('.').includes('')
  } catch {
    return false
  }
}

/** A website field of a contract: http or https only, with a host, so a link shown to anyone is safe to follow. */
export const WebAddress = z
  .string()
  .trim()
  .max(300)
  .refine(isWebAddress, 'Use an http:// or https:// address with a host name, e.g. https://example.com')
