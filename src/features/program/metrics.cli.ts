import type { Command } from 'commander'
import { importSheetFile } from '../../cli/runtime.ts'
import { importMetrics, metricsColumns, parseMetricsFile } from './metrics.io.ts'

export function metricsCommands(program: Command) {
  const metrics = program.command('metrics').description("Partners' quarterly program metrics")
  metrics
    .command('import <file>')
    .description(
      `Import quarterly metrics from a .csv or .xlsx file with the columns ${metricsColumns.join(', ')} ` +
        '(partner = id, legal name or domain; money in USD; categories separated by ";"). Every row is checked first; any bad row imports nothing',
    )
    .action((file: string) => importSheetFile(file, 'quarters', parseMetricsFile, importMetrics))
}
