-- The Partner Safety Program (decision 019): the risk matrix, overrides, the third-party subscription,
-- evidence, minimum requirements, gaps and red flags. A partner's risk level and its clearance are derived
-- when read (from its services, the matrix, its evidence and today's date); nothing here stores them.

-- The risk matrix: one row per service a partner may offer, keyed by its folded name (lower case, trimmed).
CREATE TABLE safety_risk_matrix (
  service_key text PRIMARY KEY CHECK (service_key = lower(btrim(service_key)) AND service_key <> ''),
  service text NOT NULL,
  risk_level text NOT NULL CHECK (risk_level IN ('high', 'low')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Every version of every row, newest last: who changed what, when (removals too).
CREATE TABLE safety_risk_matrix_history (
  id bigserial PRIMARY KEY,
  service_key text NOT NULL,
  service text NOT NULL,
  risk_level text CHECK (risk_level IN ('high', 'low')),
  reason text,
  version integer NOT NULL,
  action text NOT NULL CHECK (action IN ('set', 'remove')),
  changed_by uuid REFERENCES users(id),
  changed_at timestamptz NOT NULL DEFAULT now()
);

-- An example matrix for an IT integrator, meant to be edited (decision 019).
INSERT INTO safety_risk_matrix (service_key, service, risk_level, reason) VALUES
  ('on-site installation', 'On-site installation', 'high', 'Work on client premises with tools and equipment'),
  ('installation', 'Installation', 'high', 'Work on client premises with tools and equipment'),
  ('deployment', 'Deployment', 'high', 'Hardware deployment on client sites'),
  ('structured cabling', 'Structured Cabling', 'high', 'Ladders, ceilings and cable pulls'),
  ('cabling', 'Cabling', 'high', 'Ladders, ceilings and cable pulls'),
  ('rack and stack', 'Rack and stack', 'high', 'Heavy lifting and equipment handling'),
  ('data-centre moves', 'Data-centre moves', 'high', 'Moving heavy equipment, live power nearby'),
  ('electrical work', 'Electrical work', 'high', 'Live electrical hazards'),
  ('work at height', 'Work at height', 'high', 'Falls from height'),
  ('break/fix', 'Break/Fix', 'high', 'On-site hardware repair'),
  ('remote consulting', 'Remote consulting', 'low', 'Office work, off the client site'),
  ('software development', 'Software development', 'low', 'Office work'),
  ('managed services', 'Managed services', 'low', 'Delivered from the partner''s own site'),
  ('staff augmentation', 'Staff Augmentation', 'low', 'Office roles under the client''s own safety rules');
INSERT INTO safety_risk_matrix_history (service_key, service, risk_level, reason, version, action)
  SELECT service_key, service, risk_level, reason, 1, 'set' FROM safety_risk_matrix;

-- A safety user's override of the derived risk level; active until lifted.
CREATE TABLE safety_risk_overrides (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id),
  risk_level text NOT NULL CHECK (risk_level IN ('high', 'low')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  lifted_by uuid REFERENCES users(id),
  lifted_at timestamptz
);
CREATE UNIQUE INDEX safety_risk_overrides_active ON safety_risk_overrides (partner_id) WHERE lifted_at IS NULL;

-- A safety user's clearance of a partner in spite of its gaps, for a limited time (through ends_on).
CREATE TABLE safety_clearance_overrides (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
  ends_on date NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  lifted_by uuid REFERENCES users(id),
  lifted_at timestamptz
);
CREATE UNIQUE INDEX safety_clearance_overrides_active ON safety_clearance_overrides (partner_id) WHERE lifted_at IS NULL;

-- Third-party providers: letter grades (best first) with a passing grade, or a percentage with a pass mark.
CREATE TABLE safety_providers (
  key text PRIMARY KEY CHECK (key ~ '^[a-z0-9-]{2,40}$'),
  name text NOT NULL,
  grading text NOT NULL CHECK (grading IN ('letter', 'percentage')),
  grades text[] NOT NULL DEFAULT '{}',
  passing_grade text,
  pass_mark numeric(5, 2) CHECK (pass_mark BETWEEN 0 AND 100),
  is_default boolean NOT NULL DEFAULT false,
  CHECK ((grading = 'letter' AND passing_grade = ANY (grades)) OR (grading = 'percentage' AND pass_mark IS NOT NULL))
);
INSERT INTO safety_providers (key, name, grading, grades, passing_grade, pass_mark, is_default) VALUES
  ('isnetworld', 'ISNetworld', 'letter', '{A,B,C,F}', 'B', NULL, true),
  ('avetta', 'Avetta', 'percentage', '{}', NULL, 80, false);

CREATE TABLE safety_subscriptions (
  partner_id uuid PRIMARY KEY REFERENCES partners(id),
  provider_key text NOT NULL REFERENCES safety_providers(key),
  account_id text,
  status text NOT NULL CHECK (status IN ('active', 'pending', 'lapsed', 'none')),
  grade text,
  score numeric(5, 2) CHECK (score BETWEEN 0 AND 100),
  provider_updated_on date,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX safety_subscriptions_account ON safety_subscriptions (provider_key, lower(account_id)) WHERE account_id IS NOT NULL;

-- Minimum requirements, one row (edited by safety users; every edit audited).
CREATE TABLE safety_requirements (
  id integer PRIMARY KEY CHECK (id = 1),
  insurance jsonb NOT NULL,
  max_emr numeric(6, 2) NOT NULL,
  max_trir numeric(6, 2) NOT NULL,
  max_dart numeric(6, 2) NOT NULL,
  statistics_max_age_years integer NOT NULL CHECK (statistics_max_age_years BETWEEN 1 AND 5),
  require_written_program boolean NOT NULL,
  provider_update_max_age_days integer NOT NULL CHECK (provider_update_max_age_days BETWEEN 1 AND 3650),
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO safety_requirements (id, insurance, max_emr, max_trir, max_dart, statistics_max_age_years, require_written_program, provider_update_max_age_days)
VALUES (1, '[{"type":"general_liability","minimum":{"amount":"1000000.00","currency":"USD"}},
             {"type":"workers_compensation","minimum":{"amount":"500000.00","currency":"USD"}},
             {"type":"auto","minimum":{"amount":"1000000.00","currency":"USD"}}]', 1.0, 3.0, 2.0, 2, true, 120);

-- Evidence a partner gives: insurance certificates, yearly safety statistics, written programs, licences.
CREATE TABLE safety_evidence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id),
  kind text NOT NULL CHECK (kind IN ('insurance', 'statistics', 'program', 'licence')),
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'accepted', 'rejected')),
  title text,
  insurance_type text CHECK (insurance_type IN ('general_liability', 'workers_compensation', 'auto', 'umbrella')),
  insurer text,
  policy_number text,
  limit_amount numeric(16, 2),
  limit_currency char(3),
  effective_date date,
  expiry_date date,
  year integer,
  trir numeric(6, 2),
  dart numeric(6, 2),
  emr numeric(6, 2),
  hours_worked bigint,
  filename text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  sha256 text NOT NULL,
  uploaded_by uuid REFERENCES users(id),
  uploaded_at timestamptz NOT NULL,
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz,
  decision_reason text,
  CHECK (kind <> 'insurance' OR (insurance_type IS NOT NULL AND insurer IS NOT NULL AND policy_number IS NOT NULL
    AND limit_amount IS NOT NULL AND limit_currency IS NOT NULL AND effective_date IS NOT NULL AND expiry_date IS NOT NULL)),
  CHECK (kind <> 'statistics' OR (year IS NOT NULL AND trir IS NOT NULL AND dart IS NOT NULL AND emr IS NOT NULL AND hours_worked IS NOT NULL)),
  CHECK (kind NOT IN ('program', 'licence') OR title IS NOT NULL),
  CHECK (effective_date IS NULL OR expiry_date IS NULL OR expiry_date >= effective_date)
);
CREATE INDEX safety_evidence_partner ON safety_evidence (partner_id, kind);
CREATE INDEX safety_evidence_expiry ON safety_evidence (expiry_date) WHERE status = 'accepted';

-- Gaps (computed from the partner's state, opened and closed by the sync) and red flags (raised by hand).
CREATE TABLE safety_gaps (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id),
  source text NOT NULL CHECK (source IN ('computed', 'red_flag')),
  kind text NOT NULL,
  key text NOT NULL,
  message text NOT NULL,
  remedy text,
  severity text CHECK (severity IN ('low', 'medium', 'high')),
  owner_id uuid REFERENCES users(id),
  due_date date,
  opened_by uuid REFERENCES users(id),
  opened_at timestamptz NOT NULL,
  closed_at timestamptz,
  closed_by uuid REFERENCES users(id),
  close_note text,
  CHECK (source = 'computed' OR severity IS NOT NULL)
);
CREATE UNIQUE INDEX safety_gaps_open_key ON safety_gaps (partner_id, key) WHERE closed_at IS NULL AND source = 'computed';
CREATE INDEX safety_gaps_open ON safety_gaps (partner_id) WHERE closed_at IS NULL;

CREATE TABLE safety_gap_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  gap_id uuid NOT NULL REFERENCES safety_gaps(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  author_id uuid REFERENCES users(id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL
);

-- Expiry reminders sent, once per evidence, expiry date and threshold.
CREATE TABLE safety_reminders (
  evidence_id uuid NOT NULL REFERENCES safety_evidence(id),
  expiry_date date NOT NULL,
  days_before integer NOT NULL CHECK (days_before IN (90, 30, 7)),
  sent_at timestamptz NOT NULL,
  recipients text[] NOT NULL,
  PRIMARY KEY (evidence_id, expiry_date, days_before)
);

GRANT SELECT, INSERT, UPDATE, DELETE ON safety_risk_matrix TO alliance_app;
GRANT SELECT, INSERT ON safety_risk_matrix_history TO alliance_app;
GRANT USAGE ON SEQUENCE safety_risk_matrix_history_id_seq TO alliance_app;
GRANT SELECT, INSERT, UPDATE ON safety_providers, safety_requirements, safety_risk_overrides, safety_clearance_overrides,
  safety_subscriptions, safety_evidence, safety_gaps TO alliance_app;
GRANT SELECT, INSERT ON safety_gap_comments, safety_reminders TO alliance_app;

-- The matrix, providers and requirements are program-wide data every signed-in user reads; the services
-- let only safety users write them. What belongs to one partner: staff see all, a partner its own.
ALTER TABLE safety_risk_overrides ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON safety_risk_overrides USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
ALTER TABLE safety_clearance_overrides ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON safety_clearance_overrides USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
ALTER TABLE safety_subscriptions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON safety_subscriptions USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
-- A partner admin uploads its own company's evidence: the one write a partner makes here.
ALTER TABLE safety_evidence ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON safety_evidence USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE safety_gaps ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON safety_gaps USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
ALTER TABLE safety_gap_comments ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON safety_gap_comments USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
ALTER TABLE safety_reminders ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON safety_reminders USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
