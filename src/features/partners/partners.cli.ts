import fs from 'node:fs'
import { SingleBar, Presets } from 'cli-progress'
import type { Command } from 'commander'
import { withContext } from '../../cli/runtime.ts'
import { AppError } from '../../core/errors.ts'
import { PartnerListQuery } from './partners.contract.ts'
import { formatOf } from '../../core/sheets.ts'
import { exportPartners, importPartners, parsePartnerFile } from './partners.io.ts'

export function partnersCommands(program: Command) {
  const partners = program.command('partners').description('Import and export partners')
  partners
    .command('import <file>')
    .description('Import partners from a .csv or .xlsx file: every row is checked first; any bad row imports nothing')
    .action(async (file: string) => {
      const format = formatOf(file)
      if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'The file must end in .csv or .xlsx')
      if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `No such file: ${file}`)
      const rows = await parsePartnerFile(fs.readFileSync(file), format)
      const bar = new SingleBar({ format: 'Importing [{bar}] {value}/{total} partners', stream: process.stderr }, Presets.shades_classic)
      bar.start(rows.length, 0)
      try {
        const { imported } = await withContext((ctx) => importPartners(ctx, rows, (done) => bar.update(done)))
        bar.stop()
        console.log(`Imported ${imported} partners.`)
      } catch (e) {
        bar.stop()
        throw e
      }
    })
  partners
    .command('export <file>')
    .description('Export partners to a .csv or .xlsx file')
    .option('--status <status>', 'only this lifecycle status')
    .option('--tier <tier>', 'only this tier')
    .option('--type <type>', 'only this partner type')
    .option('--country <code>', 'only this country')
    .action(async (file: string, o: Record<string, string>) => {
      const format = formatOf(file)
      if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'The file must end in .csv or .xlsx')
      const parsed = PartnerListQuery.omit({ cursor: true, limit: true }).safeParse(o)
      if (!parsed.success) throw new AppError('VALIDATION_FAILED', parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '))
      const data = await withContext((ctx) => exportPartners(ctx, parsed.data, format))
      fs.writeFileSync(file, data)
      console.log(`Wrote ${file}`)
    })
}
