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

type Row = [name: string, type: PartnerCreate['type'], hq: string, tier: PartnerCreate['tier'], status: PartnerCreate['status'], categories: string]

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

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '').slice(0, 20)
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
    const short = legalName.split(' ')[0]
    const person = (k: number) => `${firstNames[(i + k) % firstNames.length]} ${lastNames[(i * 3 + k) % lastNames.length]}`
    return {
      tier,
      input: {
        legalName,
        aliases: [short, short.toUpperCase()].filter((a, j, all) => all.indexOf(a) === j),
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
        { name: person(0), title: 'Channel Director', email: `${person(0).split(' ')[0].toLowerCase()}@${domain}`, phone: `+1 555 01${String(i).padStart(2, '0')}`, role: 'Executive sponsor' },
        { name: person(1), title: 'Partner Account Manager', email: `${person(1).split(' ')[0].toLowerCase()}@${domain}`, phone: null, role: 'Day-to-day contact' },
      ],
    }
  },
)
