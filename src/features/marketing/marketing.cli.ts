import fs from 'node:fs'
import type { Command } from 'commander'
import { withContext } from '../../cli/runtime.ts'
import { systemActor } from '../../core/auth/permissions.ts'
import type { Ctx } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { formatOf } from '../../core/sheets.ts'
import { importAttendance } from './events.service.ts'

// The command line acts as the marketing team: it runs where the database is, for whoever operates the server.
const asMarketing = <T>(fn: (ctx: Ctx) => Promise<T>) => withContext((ctx) => fn({ ...ctx, actor: { ...systemActor, role: 'marketing' } }))
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function eventsCommands(program: Command) {
  const events = program.command('events').description('Partner events')
  events
    .command('attendance')
    .description('Attendance of an event')
    .command('import')
    .description(
      "Import an event's attendance from the meeting platform's participant export (CSV/XLSX); nothing is recorded if a row is bad",
    )
    .argument('<event>', 'event id')
    .argument('<file>', '.csv or .xlsx file with an Email (or User Email) column and optionally Duration (Minutes)')
    .action(async (event: string, file: string) => {
      if (!UUID.test(event))
        throw new AppError('VALIDATION_FAILED', 'Invalid arguments', { errors: [{ path: 'EVENT', message: 'An event id' }] })
      const format = formatOf(file)
      if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'The file must end in .csv or .xlsx')
      if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `No such file: ${file}`)
      const r = await asMarketing((ctx) => importAttendance(ctx, event, { data: fs.readFileSync(file), format }))
      console.log(`Recorded ${r.imported} attendees: ${r.summary.attended} of ${r.summary.registered} registered attended.`)
    })
}
