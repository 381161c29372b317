import path from 'node:path'
import { fileTypeFromBuffer } from 'file-type'
import { AppError } from './errors.ts'

/** Document types judged from a file's bytes (the name and the declared type are not trusted). */
export const documentMimeTypes: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
  'image/tiff': 'TIFF',
}

const fileError = (code: 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE', message: string) =>
  new AppError(code, message, { errors: [{ path: 'file', message }] })

/** Keeps the base name only, printable and short: it is shown and offered on download, never used as a path. */
export function cleanFileName(name: string, ext: string): string {
  const base = path
    .basename(name.replace(/\\/g, '/'))
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .slice(0, 200)
    .trim()
  return base && base !== '.' && base !== '..' ? base : `document.${ext}`
}

/**
 * Checks an uploaded document before anything is stored: not empty, within `limit` bytes, and of an allowed
 * type judged from its bytes. Returns its type and a safe file name; throws 413 or 415 naming the field.
 */
export async function checkDocument(
  file: { name: string; bytes: Uint8Array },
  limit: number,
  allowed: Record<string, string> = documentMimeTypes,
): Promise<{ mime: string; filename: string }> {
  if (file.bytes.byteLength === 0) throw fileError('UNSUPPORTED_MEDIA_TYPE', 'The file is empty')
  if (file.bytes.byteLength > limit) throw fileError('PAYLOAD_TOO_LARGE', `The file is larger than ${limit} bytes`)
  const type = await fileTypeFromBuffer(file.bytes)
  if (!type || !allowed[type.mime])
    throw fileError(
      'UNSUPPORTED_MEDIA_TYPE',
      `The file's content is ${type ? type.mime : 'not a known type'}; upload ${Object.values(allowed).join(', ')}`,
    )
  return { mime: type.mime, filename: cleanFileName(file.name, type.ext) }
}
