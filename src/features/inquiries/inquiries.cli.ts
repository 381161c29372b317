import type { Command } from 'commander'
import { parseOptions, withContext } from '../../cli/runtime.ts'
import { InquiryListQuery } from './inquiries.contract.ts'
import { listInquiries } from './inquiries.service.ts'

const flags: Record<string, string> = { status: '--status', country: '--country', q: '--search', limit: '--limit', queue: '--queue' }

export function inquiriesCommands(program: Command) {
  const group = program.command('inquiries').description('Contact Us inquiries')
  group
    .command('list')
    .description('List inquiries, newest first')
    .option('--status <status>', 'new, in_review, needs_information, converted or declined')
    .option('--open', 'only new, in review or needing information')
    .option('--country <code>', 'ISO country code')
    .option('--queue <key>', 'queue key, e.g. gpa')
    .option('--search <text>', 'company, contact, email or reference contains')
    .option('--limit <n>', 'at most this many (default 50, up to 200)')
    .option('--json', 'print JSON instead of a table')
    .action(
      async (o: { status?: string; open?: boolean; country?: string; queue?: string; search?: string; limit?: string; json?: boolean }) => {
        const query = parseOptions(
          InquiryListQuery,
          { status: o.status, open: o.open ? 'true' : undefined, country: o.country, queue: o.queue, q: o.search, limit: o.limit },
          flags,
        )
        const { items } = await withContext((ctx) => listInquiries(ctx, query))
        if (o.json) return console.log(JSON.stringify(items, null, 2))
        if (!items.length) return console.log('No inquiries.')
        const rows = items.map((i) => [
          i.reference,
          i.status,
          i.company,
          i.country,
          i.owner?.name ?? '—',
          i.matchedPartner ? `partner: ${i.matchedPartner.legalName}` : '',
          i.createdAt.slice(0, 10),
        ])
        const header = ['REFERENCE', 'STATUS', 'COMPANY', 'COUNTRY', 'OWNER', 'MATCH', 'SUBMITTED']
        const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]?.length ?? 0)))
        for (const r of [header, ...rows])
          console.log(
            r
              .map((v, c) => v.padEnd(widths[c] ?? 0))
              .join('  ')
              .trimEnd(),
          )
      },
    )
}
