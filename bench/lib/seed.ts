import pino from 'pino'
import { loadConfig } from '../../src/core/config.ts'
import { systemContext } from '../../src/core/context.ts'
import type { Database } from '../../src/core/db.ts'
import { createUser } from '../../src/features/identity/users.service.ts'

export const manager = { email: 'pm@bench.example', password: 'bench-password-1', name: 'Priya Manager' }

const STAFF = `
  INSERT INTO users (email, name, role)
  SELECT 'staff' || i || '@integrator.example',
    (ARRAY['Ana','Ben','Chen','Dara','Eli','Fatima','Goran','Hana','Ivan','Jun'])[1 + i % 10] || ' ' ||
    (ARRAY['Okafor','Schmidt','Tanaka','Rossi','Novak','Silva','Kim','Haddad'])[1 + i % 8],
    (ARRAY['partner_manager','partner_ops','alliances','gps'])[1 + i % 4]
  FROM generate_series(1, 40) i`

const PARTNERS = `
  WITH staff AS (SELECT array_agg(id ORDER BY email) AS ids FROM users WHERE partner_id IS NULL AND id <> $1),
  w AS (SELECT
    ARRAY['Northwind','Contoso','Fabrikam','Tailspin','Adatum','Litware','Proseware','Wingtip','Lucerne','Margie',
      'Alpine','Blue Yonder','Coho','Fourth Coffee','Humongous','Lamna','Munson','Nod','Trey','Woodgrove',
      'Aurora','Boreal','Cobalt','Delta','Ember','Fjord','Granite','Harbor','Iris','Juniper',
      'Kestrel','Lumen','Meridian','Nimbus','Orion','Pinnacle','Quartz','Redwood','Summit','Vertex'] AS a,
    ARRAY['Cloud','Systems','Networks','Data','Security','Analytics','Digital','Software','Technologies','Solutions',
      'Infrastructure','Consulting','Labs','Computing','Integration','Services','Telecom','Storage','AI','Devices',
      'Logic','Works','Dynamics','Partners','Platforms','Robotics','Automation','Edge','Media','Cyber',
      'Quantum','Grid','Health','Finance','Energy','Mobility','Vision','Signal','Stack','Ops'] AS b,
    ARRAY['Inc.','GmbH','Ltd','S.A.','B.V.','Pty Ltd','K.K.','AB','LLC','SAS'] AS form,
    ARRAY['US','DE','GB','FR','NL','AU','JP','SE','CA','IN','BR','SG'] AS cc)
  -- Unique names: 40 × 40 word pairs in each block of 1,600 with its own legal form; h spreads other attributes.
  INSERT INTO partners (legal_name, aliases, website, domain, headquarters_country, countries, type, services, gtm_categories,
    status, tier, partner_manager_id, partner_ops_id, sponsor_id, search_text, created_at, updated_at)
  SELECT n.name, n.aliases, 'https://www.' || n.slug || '.example', n.slug || '.example', cc[1 + h % 12],
    ARRAY[cc[1 + h % 12], cc[1 + (h + 3) % 12]], (ARRAY['oem','service','both'])[1 + h % 3],
    string_to_array((ARRAY['managed services,cloud migration', 'resale', 'implementation,support,training'])[1 + h % 3], ','),
    string_to_array((ARRAY['cloud', 'security,network', 'data,ai', 'workplace'])[1 + h % 4], ','),
    (ARRAY['prospect','onboarding','active','active','active','suspended','exited'])[1 + h % 7],
    CASE WHEN h % 7 < 2 THEN NULL ELSE (ARRAY['strategic','advantage','select','approved'])[1 + h % 4] END,
    CASE WHEN h % 5 = 0 THEN $1::uuid ELSE ids[1 + h % 40] END, ids[1 + (h + 7) % 40],
    CASE WHEN h % 3 = 0 THEN NULL ELSE ids[1 + (h + 13) % 40] END,
    lower(n.name || ' ' || array_to_string(n.aliases, ' ')),
    now() - i * interval '37 minutes', now() - i * interval '11 minutes'
  FROM generate_series(0, 9999) i, staff, w, abs(hashint4(i)) h,
    LATERAL (SELECT a[1 + i % 40] || ' ' || b[1 + (i / 40) % 40] || ' ' || form[1 + i / 1600] AS name,
      CASE WHEN i % 3 = 0 THEN ARRAY[a[1 + i % 40] || ' ' || b[1 + (i / 40) % 40]] ELSE '{}' END AS aliases,
      lower(regexp_replace(a[1 + i % 40] || b[1 + (i / 40) % 40], '[^A-Za-z]', '', 'g')) || i AS slug) n`

/** 10,000 partners, 40 staff users, and a partner manager (through the users service) who manages every fifth partner. */
export async function seedPartners(db: Database): Promise<void> {
  const ctx = systemContext(db, loadConfig({}), pino({ level: 'silent' }))
  const { user } = await createUser(ctx, { ...manager, role: 'partner_manager' })
  await db.owner.query(STAFF)
  await db.owner.query(PARTNERS, [user.id])
  await db.owner.exec('ANALYZE partners; ANALYZE users')
}
