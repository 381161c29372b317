import { describe, expect, it } from 'vitest'
import { AppError } from '../core/errors.ts'
import { expectedVersion } from './api.ts'

describe('If-Match on versioned records', () => {
  it('reads the version from the ETag this API issues, weak or strong, and nothing without a header', () => {
    expect(expectedVersion('"7"')).toBe(7)
    expect(expectedVersion('W/"12"')).toBe(12)
    expect(expectedVersion(undefined)).toBeUndefined()
  })

  it('refuses an ETag the API did not issue with 412', () => {
    for (const header of ['"abc"', '"1.5"', '*']) {
      const error = (() => {
        try {
          expectedVersion(header)
        } catch (e) {
          return e
        }
      })()
      expect(error, header).toBeInstanceOf(AppError)
      expect((error as AppError).code).toBe('PRECONDITION_FAILED')
      expect((error as AppError).status).toBe(412)
    }
  })
})
