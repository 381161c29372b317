-- The partner program: program years with their tier guidelines and benefits matrix (data, not code),
-- partners' quarterly metrics and criterion waivers. Amounts are USD, exact (numeric).

CREATE TABLE program_years (
  year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'locked')),
  -- Holistic rule settings: criteria every tier must meet, and the share of a category's criteria.
  must_pass text[] NOT NULL DEFAULT '{revenue}',
  category_ratio numeric(3,2) NOT NULL DEFAULT 0.75 CHECK (category_ratio > 0 AND category_ratio <= 1),
  copied_from integer REFERENCES program_years(year),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE program_criteria (
  year integer NOT NULL REFERENCES program_years(year) ON DELETE CASCADE,
  key text NOT NULL CHECK (key IN ('revenue', 'activeCustomers', 'averagePipeline', 'jointInvestmentPct', 'jointInvestments',
    'rebates', 'marketingFunding', 'fundedResourcesAmount', 'fundedResourcesFtes', 'executiveSponsor', 'gtmCategories')),
  category text NOT NULL CHECK (category IN ('salesRelevance', 'marketPosition', 'channelProgram')),
  label text NOT NULL,
  unit text NOT NULL CHECK (unit IN ('usd', 'count', 'percent', 'fte', 'boolean')),
  position integer NOT NULL,
  PRIMARY KEY (year, key)
);

-- One row per criterion and tier: a minimum, or required / optional / n/a. `typical` is the upper,
-- "typical" bound the page shows for average pipeline (display only); `text` is the page's wording.
CREATE TABLE program_thresholds (
  year integer NOT NULL,
  criterion_key text NOT NULL,
  tier text NOT NULL CHECK (tier IN ('strategic', 'advantage', 'select', 'approved')),
  rule text NOT NULL CHECK (rule IN ('minimum', 'required', 'optional', 'n/a')),
  minimum numeric(20,2) CHECK (minimum >= 0),
  typical numeric(20,2) CHECK (typical >= 0),
  text text NOT NULL,
  PRIMARY KEY (year, criterion_key, tier),
  FOREIGN KEY (year, criterion_key) REFERENCES program_criteria(year, key) ON DELETE CASCADE,
  CHECK ((rule = 'minimum') = (minimum IS NOT NULL))
);

CREATE TABLE program_benefits (
  year integer NOT NULL REFERENCES program_years(year) ON DELETE CASCADE,
  key text NOT NULL,
  grp text NOT NULL CHECK (grp IN ('partnerManagement', 'sales', 'marketing', 'operations')),
  label text NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (year, key)
);

-- The page's level per tier; `role_name` for named roles (VP/SVP); `meaning` says concretely what the
-- level gives (always for Limited; optional elsewhere, where a generic wording applies).
CREATE TABLE program_benefit_levels (
  year integer NOT NULL,
  benefit_key text NOT NULL,
  tier text NOT NULL CHECK (tier IN ('strategic', 'advantage', 'select', 'approved')),
  level text NOT NULL CHECK (level IN ('yes', 'limited', 'by_invitation', 'gps_team', 'customer_level', 'named_role', 'n_a', 'no')),
  role_name text,
  text text NOT NULL,
  meaning text,
  PRIMARY KEY (year, benefit_key, tier),
  FOREIGN KEY (year, benefit_key) REFERENCES program_benefits(year, key) ON DELETE CASCADE,
  CHECK ((level = 'named_role') = (role_name IS NOT NULL)),
  CHECK (level <> 'limited' OR meaning IS NOT NULL)
);

CREATE TABLE partner_metrics (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  quarter integer NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  revenue numeric(18,2) NOT NULL CHECK (revenue >= 0),
  active_customers integer NOT NULL CHECK (active_customers >= 0),
  pipeline numeric(18,2) NOT NULL CHECK (pipeline >= 0),
  joint_investments numeric(18,2) NOT NULL CHECK (joint_investments >= 0),
  rebates numeric(18,2) NOT NULL CHECK (rebates >= 0),
  marketing_funding numeric(18,2) NOT NULL CHECK (marketing_funding >= 0),
  funded_resources_amount numeric(18,2) NOT NULL CHECK (funded_resources_amount >= 0),
  funded_resources_ftes numeric(8,2) NOT NULL CHECK (funded_resources_ftes >= 0),
  executive_sponsor boolean NOT NULL,
  gtm_categories text[] NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('submitted', 'confirmed')),
  submitted_by uuid REFERENCES users(id),
  confirmed_by uuid REFERENCES users(id),
  confirmed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partner_id, year, quarter)
);

CREATE TABLE criterion_waivers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  year integer NOT NULL REFERENCES program_years(year) ON DELETE CASCADE,
  criterion_key text NOT NULL,
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  waived_by uuid REFERENCES users(id),
  waived_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (partner_id, year, criterion_key),
  FOREIGN KEY (year, criterion_key) REFERENCES program_criteria(year, key) ON DELETE CASCADE
);

GRANT SELECT, INSERT, UPDATE, DELETE ON program_years, program_criteria, program_thresholds, program_benefits,
  program_benefit_levels, partner_metrics, criterion_waivers TO alliance_app;

-- Guidelines and benefits are the program's published rules: readable by everyone signed in; services
-- limit changes to administrators. Metrics and waivers are partner-owned rows.
ALTER TABLE partner_metrics ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON partner_metrics USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE criterion_waivers ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON criterion_waivers USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));

-- The first program year, from the program page's tier guidelines and benefits tables.
INSERT INTO program_years (year, status) VALUES (2026, 'active');

INSERT INTO program_criteria (year, key, category, label, unit, position) VALUES
  (2026, 'revenue', 'salesRelevance', 'Minimum Revenue Target', 'usd', 1),
  (2026, 'activeCustomers', 'salesRelevance', 'Minimum Active Customers', 'count', 2),
  (2026, 'averagePipeline', 'salesRelevance', 'Average Pipeline', 'usd', 3),
  (2026, 'jointInvestmentPct', 'channelProgram', 'Partner Programs/Joint Investments as percent of Sales per year', 'percent', 4),
  (2026, 'jointInvestments', 'channelProgram', 'Minimum Partner Programs/Joint Investments ($/yr)', 'usd', 5),
  (2026, 'rebates', 'channelProgram', 'Expected minimum Rebates', 'usd', 6),
  (2026, 'marketingFunding', 'channelProgram', 'Marketing Funding Minimums per Year', 'usd', 7),
  (2026, 'fundedResourcesAmount', 'channelProgram', 'Funded Resources & Equipment ($)', 'usd', 8),
  (2026, 'fundedResourcesFtes', 'channelProgram', 'Funded Resources (FTEs)', 'fte', 9),
  (2026, 'executiveSponsor', 'marketPosition', 'Executive Partner Sponsorship', 'boolean', 10),
  (2026, 'gtmCategories', 'marketPosition', 'Go-to-Market/Solution Category Alignment', 'count', 11);

INSERT INTO program_thresholds (year, criterion_key, tier, rule, minimum, typical, text)
SELECT 2026, k, t, r, m, ty, tx FROM (VALUES
  ('revenue', 'strategic', 'minimum', 300000000, NULL, '$300M'),
  ('revenue', 'advantage', 'minimum', 75000000, NULL, '$75M'),
  ('revenue', 'select', 'minimum', 30000000, NULL, '$30M'),
  ('revenue', 'approved', 'minimum', 3000000, NULL, '$3M'),
  ('activeCustomers', 'strategic', 'minimum', 250, NULL, '250'),
  ('activeCustomers', 'advantage', 'minimum', 100, NULL, '100'),
  ('activeCustomers', 'select', 'minimum', 50, NULL, '50'),
  ('activeCustomers', 'approved', 'minimum', 15, NULL, '15'),
  ('averagePipeline', 'strategic', 'minimum', 350000000, 1000000000, '$350M to $1B+'),
  ('averagePipeline', 'advantage', 'minimum', 125000000, 250000000, '$125M to $250M+'),
  ('averagePipeline', 'select', 'minimum', 30000000, 100000000, '$30M to $100M+'),
  ('averagePipeline', 'approved', 'minimum', 5000000, 10000000, '$5M to $10M'),
  ('jointInvestmentPct', 'strategic', 'minimum', 3.00, NULL, '3.00%'),
  ('jointInvestmentPct', 'advantage', 'minimum', 3.50, NULL, '3.50%'),
  ('jointInvestmentPct', 'select', 'minimum', 3.50, NULL, '3.50%'),
  ('jointInvestmentPct', 'approved', 'minimum', 4.00, NULL, '4.00%'),
  ('jointInvestments', 'strategic', 'minimum', 9000000, NULL, '$9M'),
  ('jointInvestments', 'advantage', 'minimum', 2500000, NULL, '$2.5M'),
  ('jointInvestments', 'select', 'minimum', 1000000, NULL, '$1M'),
  ('jointInvestments', 'approved', 'minimum', 120000, NULL, '$120K'),
  ('rebates', 'strategic', 'minimum', 6000000, NULL, '$6M'),
  ('rebates', 'advantage', 'minimum', 1000000, NULL, '$1M'),
  ('rebates', 'select', 'minimum', 300000, NULL, '$300K'),
  ('rebates', 'approved', 'minimum', 100000, NULL, '$100K'),
  ('marketingFunding', 'strategic', 'minimum', 1000000, NULL, '$1M'),
  ('marketingFunding', 'advantage', 'minimum', 500000, NULL, '$500K'),
  ('marketingFunding', 'select', 'minimum', 250000, NULL, '$250K'),
  ('marketingFunding', 'approved', 'minimum', 20000, NULL, '$20K'),
  ('fundedResourcesAmount', 'strategic', 'minimum', 2000000, NULL, '$2M (4 FTEs)'),
  ('fundedResourcesAmount', 'advantage', 'minimum', 1000000, NULL, '$1M (2 FTEs)'),
  ('fundedResourcesAmount', 'select', 'minimum', 450000, NULL, '$450K (1 FTE)'),
  ('fundedResourcesAmount', 'approved', 'n/a', NULL, NULL, 'n/a'),
  ('fundedResourcesFtes', 'strategic', 'minimum', 4, NULL, '$2M (4 FTEs)'),
  ('fundedResourcesFtes', 'advantage', 'minimum', 2, NULL, '$1M (2 FTEs)'),
  ('fundedResourcesFtes', 'select', 'minimum', 1, NULL, '$450K (1 FTE)'),
  ('fundedResourcesFtes', 'approved', 'n/a', NULL, NULL, 'n/a'),
  ('executiveSponsor', 'strategic', 'required', NULL, NULL, 'Required'),
  ('executiveSponsor', 'advantage', 'required', NULL, NULL, 'Required'),
  ('executiveSponsor', 'select', 'optional', NULL, NULL, 'Optional'),
  ('executiveSponsor', 'approved', 'n/a', NULL, NULL, 'n/a'),
  ('gtmCategories', 'strategic', 'minimum', 5, NULL, '5'),
  ('gtmCategories', 'advantage', 'minimum', 3, NULL, '3'),
  ('gtmCategories', 'select', 'minimum', 2, NULL, '2'),
  ('gtmCategories', 'approved', 'minimum', 1, NULL, '1')
) AS v(k, t, r, m, ty, tx);

INSERT INTO program_benefits (year, key, grp, label, position) VALUES
  (2026, 'namedPartnerManager', 'partnerManagement', 'Named/Assigned Partner Manager', 1),
  (2026, 'partnerOperationsResource', 'partnerManagement', 'Partner Operations Assigned Resource', 2),
  (2026, 'gsaAlignment', 'partnerManagement', 'Global Solutions & Architecture (GS&A)', 3),
  (2026, 'relationshipSponsor', 'partnerManagement', 'Relationship Sponsor (Sales Leadership)', 4),
  (2026, 'partnerMarketingResource', 'partnerManagement', 'Partner Marketing Assigned Resource', 5),
  (2026, 'businessPlans', 'sales', 'Business Plans & Performance Tracking', 6),
  (2026, 'accountMapping', 'sales', 'Account Mapping/Planning & Sales Team Alignment', 7),
  (2026, 'pipelineReporting', 'sales', 'Pipeline Tracking/Reporting', 8),
  (2026, 'bigDealSupport', 'sales', 'Big Deal Support & Sales Team Escalations', 9),
  (2026, 'partnerPlaybooks', 'sales', 'Partner Playbooks', 10),
  (2026, 'dealRegistration', 'sales', 'Deal Registration Process/Support', 11),
  (2026, 'jointInvestments', 'sales', 'MOU/Big Bets/Joint Investments', 12),
  (2026, 'rfpSupport', 'sales', 'RFP Support', 13),
  (2026, 'platformPartnerPage', 'marketing', 'WWT Platform Partner Page', 14),
  (2026, 'jamProgram', 'marketing', 'WWT Joint Advertising & Marketing (JAM) Program', 15),
  (2026, 'jemProgram', 'marketing', 'WWT Joint Event Marketing (JEM) Program', 16),
  (2026, 'adHocEvents', 'marketing', 'Ad-hoc Events', 17),
  (2026, 'rebateTracking', 'operations', 'Rebate Management & Tracking', 18),
  (2026, 'mdfTracking', 'operations', 'MDF Management & Tracking', 19),
  (2026, 'certificationTracking', 'operations', 'Certification Management & Tracking', 20),
  (2026, 'fundedResourcesTracking', 'operations', 'Funded Resources Management & Tracking', 21),
  (2026, 'agreementsTracking', 'operations', 'Agreements Management & Tracking', 22),
  (2026, 'globalSupport', 'operations', 'Global Support (per Agreement countries)', 23);

-- Levels in tier order strategic, advantage, select, approved.
INSERT INTO program_benefit_levels (year, benefit_key, tier, level, role_name, text, meaning)
SELECT 2026, b, t, l, rn, tx, mn FROM (VALUES
  ('namedPartnerManager', 'strategic', 'yes', NULL, 'Yes', 'A named partner manager assigned to the partner.'),
  ('namedPartnerManager', 'advantage', 'yes', NULL, 'Yes', 'A named partner manager assigned to the partner.'),
  ('namedPartnerManager', 'select', 'limited', NULL, 'Limited',
    'A pooled partner manager shared across Select partners rather than a named one: quarterly business reviews, escalations through the pool.'),
  ('namedPartnerManager', 'approved', 'gps_team', NULL, 'GPS Team', NULL),
  ('partnerOperationsResource', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('partnerOperationsResource', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('partnerOperationsResource', 'select', 'yes', NULL, 'Yes', NULL),
  ('partnerOperationsResource', 'approved', 'gps_team', NULL, 'GPS Team', NULL),
  ('gsaAlignment', 'strategic', 'named_role', 'GTM Lead/s', 'GTM Lead/s', NULL),
  ('gsaAlignment', 'advantage', 'named_role', 'Practice Team', 'Practice Team', NULL),
  ('gsaAlignment', 'select', 'n_a', NULL, 'n/a', NULL),
  ('gsaAlignment', 'approved', 'n_a', NULL, 'n/a', NULL),
  ('relationshipSponsor', 'strategic', 'named_role', 'VP/SVP', 'VP/SVP', NULL),
  ('relationshipSponsor', 'advantage', 'named_role', 'Director/VP', 'Director/VP', NULL),
  ('relationshipSponsor', 'select', 'named_role', 'Manager/Director', 'Manager/Director', NULL),
  ('relationshipSponsor', 'approved', 'n_a', NULL, 'n/a', NULL),
  ('partnerMarketingResource', 'strategic', 'by_invitation', NULL, 'See Marketing Programs',
    'A partner marketing resource is assigned through the JAM and JEM programs, which are by invitation.'),
  ('partnerMarketingResource', 'advantage', 'by_invitation', NULL, 'See Marketing Programs',
    'A partner marketing resource is assigned through the JAM and JEM programs, which are by invitation.'),
  ('partnerMarketingResource', 'select', 'by_invitation', NULL, 'See Marketing Programs',
    'A partner marketing resource is assigned through the JAM and JEM programs, which are by invitation.'),
  ('partnerMarketingResource', 'approved', 'n_a', NULL, 'n/a', NULL),
  ('businessPlans', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('businessPlans', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('businessPlans', 'select', 'limited', NULL, 'Limited',
    'One annual business plan with a mid-year performance review, rather than a joint plan tracked every quarter.'),
  ('businessPlans', 'approved', 'no', NULL, 'No', NULL),
  ('accountMapping', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('accountMapping', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('accountMapping', 'select', 'limited', NULL, 'Limited',
    'Account mapping on request for up to 10 target accounts a year; no standing sales-team alignment sessions.'),
  ('accountMapping', 'approved', 'customer_level', NULL, 'Customer', NULL),
  ('pipelineReporting', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('pipelineReporting', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('pipelineReporting', 'select', 'limited', NULL, 'Limited',
    'A quarterly pipeline summary rather than live pipeline tracking and reporting.'),
  ('pipelineReporting', 'approved', 'no', NULL, 'No', NULL),
  ('bigDealSupport', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('bigDealSupport', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('bigDealSupport', 'select', 'yes', NULL, 'Yes', NULL),
  ('bigDealSupport', 'approved', 'customer_level', NULL, 'Customer', NULL),
  ('partnerPlaybooks', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('partnerPlaybooks', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('partnerPlaybooks', 'select', 'yes', NULL, 'Yes', NULL),
  ('partnerPlaybooks', 'approved', 'limited', NULL, 'Limited',
    'The standard published partner playbook only; no playbook written together for the partner''s solutions.'),
  ('dealRegistration', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('dealRegistration', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('dealRegistration', 'select', 'limited', NULL, 'Limited',
    'Deals are registered through the standard self-service process, without dedicated Partner Incentives team support.'),
  ('dealRegistration', 'approved', 'customer_level', NULL, 'Customer', NULL),
  ('jointInvestments', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('jointInvestments', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('jointInvestments', 'select', 'limited', NULL, 'Limited',
    'Joint investments deal by deal within the published programs; no MOU or multi-year big-bet commitments.'),
  ('jointInvestments', 'approved', 'no', NULL, 'No', NULL),
  ('rfpSupport', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('rfpSupport', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('rfpSupport', 'select', 'yes', NULL, 'Yes', NULL),
  ('rfpSupport', 'approved', 'yes', NULL, 'Yes', NULL),
  ('platformPartnerPage', 'strategic', 'yes', NULL, 'Yes', 'An enhanced partner page on the platform.'),
  ('platformPartnerPage', 'advantage', 'limited', NULL, 'Yes (basic unless in JAM Program)',
    'A basic partner page (profile, logo, solution areas, contacts); enhanced content only while the partner is in the JAM program.'),
  ('platformPartnerPage', 'select', 'limited', NULL, 'Yes (basic unless in JAM Program)',
    'A basic partner page (profile, logo, solution areas, contacts); enhanced content only while the partner is in the JAM program.'),
  ('platformPartnerPage', 'approved', 'limited', NULL, 'Yes (basic)',
    'A basic partner page (profile, logo, solution areas, contacts); no enhanced content.'),
  ('jamProgram', 'strategic', 'by_invitation', NULL, 'Yes, by Invite', NULL),
  ('jamProgram', 'advantage', 'by_invitation', NULL, 'Yes, by Invite', NULL),
  ('jamProgram', 'select', 'by_invitation', NULL, 'Yes, by Invite', NULL),
  ('jamProgram', 'approved', 'n_a', NULL, 'n/a', NULL),
  ('jemProgram', 'strategic', 'by_invitation', NULL, 'Yes, by Invite', NULL),
  ('jemProgram', 'advantage', 'by_invitation', NULL, 'Yes, by Invite', NULL),
  ('jemProgram', 'select', 'by_invitation', NULL, 'Yes, by Invite', NULL),
  ('jemProgram', 'approved', 'n_a', NULL, 'n/a', NULL),
  ('adHocEvents', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('adHocEvents', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('adHocEvents', 'select', 'yes', NULL, 'Yes', NULL),
  ('adHocEvents', 'approved', 'yes', NULL, 'Yes', NULL),
  ('rebateTracking', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('rebateTracking', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('rebateTracking', 'select', 'limited', NULL, 'Limited',
    'Rebates reported in a quarterly statement rather than tracked live with claim-level detail.'),
  ('rebateTracking', 'approved', 'no', NULL, 'No', NULL),
  ('mdfTracking', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('mdfTracking', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('mdfTracking', 'select', 'limited', NULL, 'Limited',
    'MDF balance and claims reported quarterly; no live fund tracking or pre-approval workflow.'),
  ('mdfTracking', 'approved', 'no', NULL, 'No', NULL),
  ('certificationTracking', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('certificationTracking', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('certificationTracking', 'select', 'limited', NULL, 'Limited',
    'Certification counts reviewed once a year against the agreement; no per-person tracking or expiry reminders.'),
  ('certificationTracking', 'approved', 'no', NULL, 'No', NULL),
  ('fundedResourcesTracking', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('fundedResourcesTracking', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('fundedResourcesTracking', 'select', 'limited', NULL, 'Limited',
    'Funded resources listed with a quarterly utilisation summary rather than tracked live.'),
  ('fundedResourcesTracking', 'approved', 'no', NULL, 'No', NULL),
  ('agreementsTracking', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('agreementsTracking', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('agreementsTracking', 'select', 'yes', NULL, 'Yes', NULL),
  ('agreementsTracking', 'approved', 'yes', NULL, 'Yes', NULL),
  ('globalSupport', 'strategic', 'yes', NULL, 'Yes', NULL),
  ('globalSupport', 'advantage', 'yes', NULL, 'Yes', NULL),
  ('globalSupport', 'select', 'limited', NULL, 'Limited',
    'Support in the agreement''s primary country; other agreement countries case by case, per deal.'),
  ('globalSupport', 'approved', 'yes', NULL, 'Yes', NULL)
) AS v(b, t, l, rn, tx, mn);
