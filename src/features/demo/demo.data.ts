import type { Role } from '../../core/auth/permissions.ts'
import type { ContactCreate, PartnerCreate } from '../partners/partners.contract.ts'

export const demoStaff: Record<Exclude<Role, 'partner_admin' | 'partner_user'>, { name: string; email: string }> = {
  admin: { name: 'Avery Admin', email: 'admin@alliance.example' },
  gps: { name: 'Gina Park (GPS)', email: 'gps@alliance.example' },
  alliances: { name: 'Alex Moreno (GPA)', email: 'alliances@alliance.example' },
  partner_manager: { name: 'Priya Shah', email: 'pm@alliance.example' },
  partner_ops: { name: 'Omar Haddad', email: 'ops@alliance.example' },
  incentives: { name: 'Ines Costa', email: 'incentives@alliance.example' },
  sales: { name: 'Sam Whitaker (SVP Sales)', email: 'sales@alliance.example' },
  solutions: { name: 'Sofia Lindqvist', email: 'solutions@alliance.example' },
  marketing: { name: 'Mara Okafor', email: 'marketing@alliance.example' },
  safety: { name: 'Sean Doyle', email: 'safety@alliance.example' },
}

type Row = [
  name: string,
  type: PartnerCreate['type'],
  hq: string,
  tier: PartnerCreate['tier'],
  status: PartnerCreate['status'],
  categories: string,
]

// Fictional companies; websites use the reserved .example domain.
const rows: Row[] = [
  ['ACME Corporation Inc.', 'oem', 'US', 'strategic', 'active', 'Cloud;Data Center;Security;Networking;Storage'],
  ['Globex Systems GmbH', 'both', 'DE', 'strategic', 'active', 'Networking;Security;Cloud;Collaboration;Data Center'],
  ['Initech Software LLC', 'oem', 'US', 'advantage', 'active', 'Software;Cloud;Analytics'],
  ['Umbrella Networks Ltd', 'oem', 'GB', 'advantage', 'active', 'Networking;Security;Wireless'],
  ['Stark Storage Corp.', 'oem', 'US', 'strategic', 'active', 'Storage;Data Center;Backup;Cloud;AI'],
  ['Wayne Digital Services', 'service', 'US', 'select', 'active', 'Deployment;Managed Services'],
  ['Cyberdyne Robotics K.K.', 'oem', 'JP', 'advantage', 'active', 'AI;Edge;IoT'],
  ['Soylent Cloud B.V.', 'oem', 'NL', 'select', 'active', 'Cloud;Backup'],
  ['Tyrell Compute S.A.', 'oem', 'FR', 'select', 'active', 'Compute;AI'],
  ['Hooli Collaboration Inc.', 'oem', 'US', 'advantage', 'active', 'Collaboration;Software;Cloud'],
  ['Pied Piper Compression Inc.', 'oem', 'US', 'approved', 'active', 'Storage'],
  ['Vandelay Cabling Pty Ltd', 'service', 'AU', 'approved', 'active', 'Structured Cabling'],
  ['Oceanic Field Services Ltd', 'service', 'NZ', 'approved', 'active', 'Deployment'],
  ['Massive Dynamic AG', 'both', 'CH', 'advantage', 'active', 'Security;Analytics;AI'],
  ['Nakatomi Integration Co.', 'service', 'JP', 'select', 'active', 'Deployment;Staff Augmentation'],
  ['Gringotts Secure Systems PLC', 'oem', 'GB', 'select', 'active', 'Security;Identity'],
  ['Monarch Printing Ltd', 'oem', 'IE', 'approved', 'suspended', 'Print'],
  ['Wonka Displays S.p.A.', 'oem', 'IT', 'approved', 'active', 'Displays;Collaboration'],
  ['Prestige Worldwide Services', 'service', 'CA', 'approved', 'active', 'Installation'],
  ['Dunder Paper Supply', 'oem', 'US', 'approved', 'exited', 'Print'],
  ['Bluth Site Services LLC', 'service', 'US', 'approved', 'active', 'Site Surveys;Installation'],
  ['Sirius Cybernetics Corp.', 'oem', 'SE', 'advantage', 'active', 'AI;Automation;Software'],
  ['Aperture Labs Inc.', 'oem', 'US', 'select', 'active', 'Analytics;AI'],
  ['Black Mesa Field Engineering', 'service', 'US', 'select', 'active', 'Deployment;Repair'],
  ['Oscorp Networks Inc.', 'oem', 'US', 'approved', 'active', 'Networking'],
  ['Kaiju Cloud Pte Ltd', 'oem', 'SG', 'select', 'active', 'Cloud;Managed Services'],
  ['Northwind Traders Ltda', 'both', 'BR', 'approved', 'active', 'Logistics;Deployment'],
  ['Contoso Data Solutions', 'oem', 'US', 'advantage', 'active', 'Data Center;Storage;Analytics'],
  ['Fabrikam Security Sp. z o.o.', 'oem', 'PL', 'approved', 'active', 'Security'],
  ['Tailspin Wireless S.L.', 'oem', 'ES', 'approved', 'onboarding', 'Wireless'],
  ['Adventure Works Services', 'service', 'MX', 'approved', 'onboarding', 'Installation;Cabling'],
  ['Lakeshore Power Systems', 'oem', 'CA', null, 'prospect', 'Power;Data Center'],
  ['Blue Yonder Analytics', 'oem', 'IN', null, 'prospect', 'Analytics'],
  ['Coho Edge Computing', 'oem', 'US', null, 'prospect', 'Edge;IoT'],
  ['Wingtip Field Techs Ltd', 'service', 'GB', 'approved', 'active', 'Deployment;Repair'],
  ['Litware Software AB', 'oem', 'SE', 'select', 'active', 'Software;Security'],
  ['Proseware Integration GmbH', 'service', 'AT', 'approved', 'active', 'Staff Augmentation'],
  ['Alpine Ski Secure AG', 'oem', 'CH', null, 'onboarding', 'Security'],
  ['Trey Research Labs', 'oem', 'US', 'approved', 'active', 'AI'],
  ['Woodgrove Managed Services', 'service', 'ZA', 'approved', 'active', 'Managed Services;Deployment'],
]

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    .slice(0, 20)
const coverage: Record<string, string[]> = {
  strategic: ['US', 'CA', 'GB', 'DE', 'FR', 'JP', 'AU'],
  advantage: ['US', 'GB', 'DE'],
  select: ['US', 'GB'],
}
const serviceOfferings = ['Installation', 'Deployment', 'Structured Cabling', 'Break/Fix', 'Staff Augmentation']
const firstNames = ['Dana', 'Lee', 'Morgan', 'Riley', 'Jordan', 'Kim', 'Taylor', 'Casey']
const lastNames = ['Nguyen', 'Schmidt', 'Tanaka', 'Rossi', 'Okoye', 'Silva', 'Murphy', 'Kowalski']

export const demoPartners: { input: PartnerCreate; tier: PartnerCreate['tier']; contacts: ContactCreate[] }[] = rows.map(
  ([legalName, type, hq, tier, status, categories], i) => {
    const domain = `${slug(legalName)}.example`
    // The name people use: the legal name without its legal form.
    const short = legalName.replace(
      /\s+(Inc\.|LLC|Ltd|Ltda|GmbH|AG|Corp\.|Co\.|K\.K\.|B\.V\.|S\.A\.|S\.p\.A\.|S\.L\.|PLC|Pty Ltd|Pte Ltd|AB|Sp\. z o\.o\.)$/,
      '',
    )
    const person = (k: number) => `${firstNames[(i + k) % firstNames.length]} ${lastNames[(i * 3 + k) % lastNames.length]}`
    return {
      tier,
      input: {
        legalName,
        aliases: short === legalName ? [] : [short],
        website: `https://www.${domain}`,
        headquartersCountry: hq,
        countries: [...new Set([hq, ...(tier ? (coverage[tier] ?? []) : [])])],
        type,
        services: type === 'oem' ? [] : serviceOfferings.slice(i % 3, (i % 3) + 2),
        gtmCategories: categories.split(';'),
        status,
        tier,
      },
      contacts: [
        {
          name: person(0),
          title: 'Channel Director',
          email: `${person(0).replace(/ .*/, '').toLowerCase()}@${domain}`,
          phone: `+1 555 01${String(i).padStart(2, '0')}`,
          role: 'Executive sponsor',
        },
        {
          name: person(1),
          title: 'Partner Account Manager',
          email: `${person(1).replace(/ .*/, '').toLowerCase()}@${domain}`,
          phone: null,
          role: 'Day-to-day contact',
        },
      ],
    }
  },
)

// ---------------------------------------------------------------------------------------------------------
// Quarterly program metrics. Each tiered partner gets a year of four quarters whose totals roughly match its
// tier; a few are just short of the next tier up (the interesting what-ifs), a few fall below their own tier
// (demotion candidates in a review).

export const DEMO_METRICS_YEAR = 2026

/** A year's figures: dollars as whole numbers, counts, FTEs. */
type Annual = {
  revenue: number
  customers: number
  pipeline: number
  jointInvestments: number
  rebates: number
  marketing: number
  fundedAmount: number
  ftes: number
  sponsor: boolean
  categories: number
}

/** Comfortably meeting each tier (the what a typical partner of that tier reports). */
const profiles: Record<NonNullable<PartnerCreate['tier']>, Annual> = {
  strategic: {
    revenue: 340e6,
    customers: 285,
    pipeline: 420e6,
    jointInvestments: 10.9e6,
    rebates: 6.6e6,
    marketing: 1.2e6,
    fundedAmount: 2.3e6,
    ftes: 4.5,
    sponsor: true,
    categories: 5,
  },
  advantage: {
    revenue: 92e6,
    customers: 124,
    pipeline: 150e6,
    jointInvestments: 3.4e6,
    rebates: 1.25e6,
    marketing: 620e3,
    fundedAmount: 1.15e6,
    ftes: 2,
    sponsor: true,
    categories: 3,
  },
  select: {
    revenue: 38e6,
    customers: 62,
    pipeline: 44e6,
    jointInvestments: 1.4e6,
    rebates: 360e3,
    marketing: 290e3,
    fundedAmount: 500e3,
    ftes: 1,
    sponsor: false,
    categories: 2,
  },
  approved: {
    revenue: 5.2e6,
    customers: 21,
    pipeline: 6.5e6,
    jointInvestments: 225e3,
    rebates: 118e3,
    marketing: 28e3,
    fundedAmount: 0,
    ftes: 0,
    sponsor: false,
    categories: 1,
  },
}

/** Partners whose figures tell a story: just short of the next tier, or below their own. */
const stories: Record<string, Partial<Annual>> = {
  // Advantage, close to Strategic: $15M revenue, 2 categories and a few customers short.
  'Initech Software LLC': {
    revenue: 285e6,
    customers: 238,
    pipeline: 360e6,
    jointInvestments: 10.3e6,
    rebates: 6.1e6,
    marketing: 1.05e6,
    fundedAmount: 2.1e6,
    ftes: 4,
    categories: 3,
  },
  // Select, close to Advantage: revenue and pipeline short, no executive sponsor yet.
  'Tyrell Compute S.A.': {
    revenue: 68e6,
    customers: 104,
    pipeline: 118e6,
    jointInvestments: 2.6e6,
    rebates: 1.02e6,
    marketing: 510e3,
    fundedAmount: 1e6,
    ftes: 2,
    categories: 2,
  },
  // Approved, close to Select: $3M revenue short.
  'Oscorp Networks Inc.': {
    revenue: 27e6,
    customers: 55,
    pipeline: 32e6,
    jointInvestments: 1.12e6,
    rebates: 310e3,
    marketing: 255e3,
    fundedAmount: 460e3,
    ftes: 1,
    categories: 2,
  },
  // Approved, close to Select on revenue but thin on the channel program.
  'Wonka Displays S.p.A.': {
    revenue: 29.5e6,
    customers: 48,
    pipeline: 31e6,
    jointInvestments: 1.2e6,
    rebates: 240e3,
    marketing: 120e3,
    fundedAmount: 200e3,
    ftes: 0.5,
    categories: 2,
  },
  // Strategic that meets the tier holistically while missing customers and the percentage.
  'Globex Systems GmbH': { revenue: 318e6, customers: 236, jointInvestments: 9.2e6 },
  // Advantage whose revenue fell below the tier: a demotion candidate.
  'Umbrella Networks Ltd': { revenue: 61e6, customers: 96, pipeline: 98e6, jointInvestments: 2.3e6, rebates: 820e3 },
  // Select that would earn Advantage on these figures: a promotion candidate.
  'Litware Software AB': {
    revenue: 81e6,
    customers: 112,
    pipeline: 131e6,
    jointInvestments: 2.9e6,
    rebates: 1.1e6,
    marketing: 540e3,
    fundedAmount: 1.05e6,
    ftes: 2,
    sponsor: true,
    categories: 3,
  },
  // Suspended: barely any business this year.
  'Monarch Printing Ltd': { revenue: 1.4e6, customers: 9, pipeline: 2.1e6, jointInvestments: 40e3, rebates: 30e3, marketing: 5e3 },
}

/** One quarter as the metrics API takes it (USD decimal strings). */
export type DemoQuarter = {
  revenue: { amount: string; currency: 'USD' }
  activeCustomers: number
  pipeline: { amount: string; currency: 'USD' }
  jointInvestments: { amount: string; currency: 'USD' }
  rebates: { amount: string; currency: 'USD' }
  marketingFunding: { amount: string; currency: 'USD' }
  fundedResourcesAmount: { amount: string; currency: 'USD' }
  fundedResourcesFtes: number
  executiveSponsor: boolean
  gtmCategories: string[]
}

const usd = (cents: bigint) => ({ amount: `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`, currency: 'USD' as const })
type Quarters = readonly [bigint, bigint, bigint, bigint]
const QUARTERS = [0, 1, 2, 3] as const
const SHARE: Quarters = [22n, 24n, 26n, 28n] // per cent of the year's flow in each quarter; sums to 100
const PIPELINE: Quarters = [92n, 97n, 103n, 108n] // per cent of the year's average pipeline at each quarter end; averages 100
const extraCategories = ['Cloud', 'Security', 'Data Center', 'Networking', 'Analytics', 'AI', 'Software']

/** Splits a year's dollars over the quarters exactly: the last quarter takes the rounding remainder. */
function split(dollars: number): Quarters {
  const total = BigInt(Math.round(dollars * 100))
  const part = (share: bigint) => (total * share) / 100n
  const [q1, q2, q3] = [part(SHARE[0]), part(SHARE[1]), part(SHARE[2])]

  return [q1, q2, q3, total - q1 - q2 - q3]
}

/** The four quarters of a partner's demo metrics, or none for partners without a tier. */
export function demoMetrics(index: number): DemoQuarter[] {
  const row = rows[index]
  if (!row) throw new Error(`No demo partner ${index}`)
  const [name, , , tier, , categoryList] = row
  if (!tier) return []
  // A little spread between partners of the same tier (0–12 % above the profile).
  const lift = 1 + ((index * 7) % 4) * 0.04
  const base = profiles[tier]
  const story = stories[name] ?? {}
  const a: Annual = {
    ...base,
    ...Object.fromEntries(
      (['revenue', 'pipeline', 'jointInvestments', 'rebates', 'marketing', 'fundedAmount'] as const).map((k) => [
        k,
        Math.round(base[k] * lift),
      ]),
    ),
    customers: Math.round(base.customers * lift),
    ...story,
  }
  const own = categoryList.split(';')
  const categories = [...own, ...extraCategories.filter((c) => !own.includes(c))].slice(0, a.categories)
  const revenue = split(a.revenue)
  const jointInvestments = split(a.jointInvestments)
  const rebates = split(a.rebates)
  const marketing = split(a.marketing)
  const funded = split(a.fundedAmount)
  const pipeline = BigInt(Math.round(a.pipeline * 100))
  return QUARTERS.map((q) => ({
    revenue: usd(revenue[q]),
    activeCustomers: q === 3 ? a.customers : Math.round(a.customers * (0.9 + q * 0.03)),
    pipeline: usd((pipeline * PIPELINE[q]) / 100n),
    jointInvestments: usd(jointInvestments[q]),
    rebates: usd(rebates[q]),
    marketingFunding: usd(marketing[q]),
    fundedResourcesAmount: usd(funded[q]),
    fundedResourcesFtes: a.ftes,
    executiveSponsor: a.sponsor || (q === 3 && tier === 'select' && index % 2 === 0 && story.sponsor === undefined),
    gtmCategories: q === 3 ? categories : categories.slice(0, Math.max(1, categories.length - (q === 0 ? 1 : 0))),
  }))
}
