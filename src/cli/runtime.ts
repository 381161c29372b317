import fs from 'node:fs'
import { Presets, SingleBar } from 'cli-progress'
import pino from 'pino'
import { loadConfig } from '../core/config.ts'
import { systemContext, type Ctx } from '../core/context.ts'
import { openDatabase } from '../core/open.ts'
import type { z } from 'zod'
import { AppError, zodFieldErrors } from '../core/errors.ts'
import type { ImportLimits } from '../core/sheet-reader.ts'
import { formatOf, type SheetFormat } from '../core/sheets.ts'

/** Opens the configured database for one command, runs it, and always closes (releasing the lock). */
export async function withContext<T>(fn: (ctx: Ctx) => Promise<T>): Promise<T> {
  const config = loadConfig()
  const db = await openDatabase(config)
  try {
    return await fn(systemContext(db, config, pino({ level: 'warn' })))
  } finally {
    await db.close()
  }
}

/**
 * Parses a command's options with the API's schema; an invalid option is reported under its flag
 * (`flags` maps a schema field to the flag that sets it, e.g. partnerIds → --partners) and nothing runs.
 */
export function parseOptions<S extends z.ZodType>(schema: S, input: unknown, flags: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const errors = zodFieldErrors(parsed.error).map((e) => ({ ...e, path: flags[e.path.split('.')[0] ?? ''] ?? e.path }))
  throw new AppError('VALIDATION_FAILED', 'Invalid options', { errors })
}

/** Reads a secret: prompts without echo on a terminal, else reads one line from stdin. */
export async function readSecret(prompt: string): Promise<string> {
  const { stdin, stderr } = process
  if (!stdin.isTTY) {
    const chunks: Buffer[] = []
    for await (const chunk of stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
  }
  stderr.write(prompt)
  stdin.setRawMode(true)
  stdin.resume()
  return new Promise((resolve, reject) => {
    let value = ''
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false)
          stdin.pause()
          stdin.off('data', onData)
          stderr.write('\n')
          return resolve(value)
        }
        if (ch === '\u0003') return reject(new Error('Cancelled'))
        if (ch === '\u007f') value = value.slice(0, -1)
        else value += ch
      }
    }
    stdin.on('data', onData)
  })
}

/** Reads a .csv/.xlsx file, validates it whole, then imports it with a progress bar on stderr. */
export async function importSheetFile<T>(
  file: string,
  what: string,
  parse: (data: Buffer, format: SheetFormat, limits: ImportLimits) => Promise<T[]>,
  run: (ctx: Ctx, rows: T[], onProgress: (done: number) => void) => Promise<{ imported: number }>,
) {
  const format = formatOf(file)
  if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'The file must end in .csv or .xlsx')
  if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `No such file: ${file}`)
  const rows = await parse(fs.readFileSync(file), format, loadConfig().imports)
  const bar = new SingleBar({ format: `Importing [{bar}] {value}/{total} ${what}`, stream: process.stderr }, Presets.shades_classic)
  bar.start(rows.length, 0)
  try {
    const { imported } = await withContext((ctx) => run(ctx, rows, (done) => bar.update(done)))
    bar.stop()
    console.log(`Imported ${imported} ${what}.`)
  } catch (e) {
    bar.stop()
    throw e
  }
}
