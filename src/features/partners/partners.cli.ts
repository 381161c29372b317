import fs from 'node:fs'
import type { Command } from 'commander'
import { importSheetFile, withContext } from '../../cli/runtime.ts'
import { AppError } from '../../core/errors.ts'
import { PartnerListQuery } from './partners.contract.ts'
import { formatOf } from '../../core/sheets.ts'
import { exportPartners, importPartners, parsePartnerFile } from './partners.io.ts'

export function partnersCommands(program: Command) {
  const partners = program.command('partners').description('Import and export partners')
  partners
    .command('import <file>')
    .description('Import partners from a .csv or .xlsx file: every row is checked first; any bad row imports nothing')
    .action((file: string) => importSheetFile(file, 'partners', parsePartnerFile, importPartners))
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
      if (!parsed.success)
        throw new AppError('VALIDATION_FAILED', parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '))
      const data = await withContext((ctx) => exportPartners(ctx, parsed.data, format))
      fs.writeFileSync(file, data)
      console.log(`Wrote ${file}`)
    })
}
