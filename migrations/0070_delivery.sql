-- Service-partner delivery (decision 023): screened resources, projects, SOWs and quotes checked against
-- guidelines that are data, client flow-downs once per partner and client, purchase orders, work entries
-- and invoices that never take a PO line past its amount. Balances are derived when read, never stored.

-- The skills a resource may list, and the rules of the feature, as data.
CREATE TABLE delivery_skills (
  key text PRIMARY KEY CHECK (key ~ '^[a-z0-9][a-z0-9-]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100)
);
INSERT INTO delivery_skills (key, name) VALUES
  ('networking', 'Networking'),
  ('security', 'Security'),
  ('cloud', 'Cloud'),
  ('data-center', 'Data center'),
  ('collaboration', 'Collaboration'),
  ('wireless', 'Wireless'),
  ('storage', 'Storage'),
  ('automation', 'Automation'),
  ('project-management', 'Project management');

CREATE TABLE delivery_settings (
  id integer PRIMARY KEY CHECK (id = 1),
  -- A screening pass is valid this many months.
  screening_validity_months integer NOT NULL DEFAULT 24 CHECK (screening_validity_months BETWEEN 1 AND 120),
  -- The tolerance rule: an invoice may take a PO line past its amount by at most this percent of the line
  -- (and at most this amount), and then waits for partner operations' approval like any other.
  invoice_tolerance_percent numeric(5, 2) NOT NULL DEFAULT 0 CHECK (invoice_tolerance_percent BETWEEN 0 AND 20),
  invoice_tolerance_max numeric(16, 2) NOT NULL DEFAULT 0 CHECK (invoice_tolerance_max >= 0),
  -- The SOW and quote guidelines: required sections, required fields, rate limits per role.
  sow_guidelines jsonb NOT NULL
);
INSERT INTO delivery_settings (id, screening_validity_months, invoice_tolerance_percent, invoice_tolerance_max, sow_guidelines) VALUES (
  1, 24, 0, 0,
  '{"requiredSections": [
      {"key": "scope", "label": "Scope"},
      {"key": "deliverables", "label": "Deliverables"},
      {"key": "acceptanceCriteria", "label": "Acceptance criteria"},
      {"key": "schedule", "label": "Schedule"},
      {"key": "assumptions", "label": "Assumptions"}],
    "requiredFields": [
      {"key": "title", "label": "Title"},
      {"key": "startDate", "label": "Start date"},
      {"key": "endDate", "label": "End date"},
      {"key": "currency", "label": "Currency"}],
    "requireRates": true,
    "requireNamedResources": true,
    "rateLimits": [
      {"role": "Engineer", "maxRate": "175.00", "currency": "USD"},
      {"role": "Senior engineer", "maxRate": "225.00", "currency": "USD"},
      {"role": "Architect", "maxRate": "275.00", "currency": "USD"},
      {"role": "Project manager", "maxRate": "200.00", "currency": "USD"}]}'
);

-- A service partner's people.
CREATE TABLE delivery_resources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email citext NOT NULL,
  country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  skills text[] NOT NULL DEFAULT '{}',
  certifications jsonb NOT NULL DEFAULT '[]',
  available_from date,
  hours_per_week integer CHECK (hours_per_week BETWEEN 0 AND 80),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX delivery_resources_email ON delivery_resources (partner_id, email);

-- Technical screenings by video meeting; a pass is valid through valid_until.
CREATE TABLE delivery_screenings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  resource_id uuid NOT NULL REFERENCES delivery_resources(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  assessor_id uuid NOT NULL REFERENCES users(id),
  starts_at timestamptz NOT NULL,
  time_zone text NOT NULL,
  duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 15 AND 480),
  meeting_url text NOT NULL CHECK (meeting_url ~ '^https://'),
  status text NOT NULL DEFAULT 'invited'
    CHECK (status IN ('invited', 'accepted', 'reschedule_requested', 'passed', 'failed', 'no_show', 'cancelled')),
  reschedule_note text,
  scores jsonb,
  notes text,
  valid_until date,
  recorded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'passed') = (valid_until IS NOT NULL))
);
CREATE INDEX delivery_screenings_resource ON delivery_screenings (resource_id, created_at DESC);
CREATE INDEX delivery_screenings_assessor ON delivery_screenings (assessor_id, starts_at);
-- One open invitation per resource.
CREATE UNIQUE INDEX delivery_screenings_open ON delivery_screenings (resource_id)
  WHERE status IN ('invited', 'accepted', 'reschedule_requested');

CREATE TABLE delivery_projects (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  client_name text NOT NULL CHECK (length(client_name) BETWEEN 1 AND 200),
  client_domain text,
  country char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  start_date date NOT NULL,
  end_date date NOT NULL,
  owner_id uuid NOT NULL REFERENCES users(id),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date >= start_date)
);
CREATE INDEX delivery_projects_partner ON delivery_projects (partner_id, start_date DESC);

CREATE TABLE delivery_assignments (
  project_id uuid NOT NULL REFERENCES delivery_projects(id),
  resource_id uuid NOT NULL REFERENCES delivery_resources(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  role text NOT NULL CHECK (length(role) BETWEEN 1 AND 100),
  assigned_by uuid REFERENCES users(id),
  assigned_at timestamptz NOT NULL,
  PRIMARY KEY (project_id, resource_id)
);

-- SOWs and quotes: the draft being edited lives on the row; each submission is a numbered version.
CREATE TABLE delivery_sows (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id uuid NOT NULL REFERENCES delivery_projects(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  kind text NOT NULL CHECK (kind IN ('sow', 'quote')),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'returned', 'accepted')),
  draft jsonb NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX delivery_sows_project ON delivery_sows (project_id);

CREATE TABLE delivery_sow_versions (
  sow_id uuid NOT NULL REFERENCES delivery_sows(id),
  version integer NOT NULL CHECK (version >= 1),
  partner_id uuid NOT NULL REFERENCES partners(id),
  content jsonb NOT NULL,
  total numeric(16, 2) NOT NULL,
  currency char(3) NOT NULL,
  submitted_by uuid REFERENCES users(id),
  submitted_at timestamptz NOT NULL,
  decision text CHECK (decision IN ('accepted', 'returned')),
  comments text,
  reviewed_by uuid REFERENCES users(id),
  reviewed_at timestamptz,
  PRIMARY KEY (sow_id, version)
);

-- Client flow-down terms are signed once per partner and client: while one is valid (a draft, out for
-- signature, or active), a second one is refused here, by the database.
CREATE UNIQUE INDEX agreements_flow_down_once ON agreements (partner_id, lower(btrim(client_name)))
  WHERE type = 'flow_down' AND status IN ('draft', 'out_for_signature', 'active');

-- A country extension names the registered deal it is for: a link to the deal (rows from before, and
-- requests for an opportunity not registered here, name it in words only).
ALTER TABLE country_extensions ADD COLUMN deal_id uuid REFERENCES deals(id);

CREATE TABLE delivery_purchase_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL CHECK (number ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$'),
  project_id uuid NOT NULL REFERENCES delivery_projects(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  sow_id uuid NOT NULL REFERENCES delivery_sows(id),
  sow_version integer NOT NULL,
  flow_down_id uuid NOT NULL REFERENCES agreements(id),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  issue_date date NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'cancelled')),
  issued_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date >= start_date),
  FOREIGN KEY (sow_id, sow_version) REFERENCES delivery_sow_versions (sow_id, version)
);
CREATE UNIQUE INDEX delivery_purchase_orders_number ON delivery_purchase_orders (upper(number));
CREATE INDEX delivery_purchase_orders_project ON delivery_purchase_orders (project_id);

CREATE TABLE delivery_po_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  po_id uuid NOT NULL REFERENCES delivery_purchase_orders(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  line_number integer NOT NULL CHECK (line_number BETWEEN 1 AND 9999),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  supplier_part text CHECK (length(supplier_part) BETWEEN 1 AND 100),
  -- Quantity lines carry quantity × unit price; service lines carry an amount only.
  quantity numeric(14, 3) CHECK (quantity > 0),
  unit text CHECK (unit ~ '^[A-Z0-9]{1,6}$'),
  unit_price numeric(16, 2) CHECK (unit_price >= 0),
  amount numeric(16, 2) NOT NULL CHECK (amount > 0),
  CHECK ((quantity IS NULL) = (unit_price IS NULL) AND (quantity IS NULL) = (unit IS NULL)),
  CHECK (quantity IS NULL OR amount = round(quantity * unit_price, 2)),
  UNIQUE (po_id, line_number)
);

-- No work without a PO: every entry names an open PO line (checked when recorded).
CREATE TABLE delivery_work_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id),
  project_id uuid NOT NULL REFERENCES delivery_projects(id),
  po_line_id uuid NOT NULL REFERENCES delivery_po_lines(id),
  resource_id uuid REFERENCES delivery_resources(id),
  kind text NOT NULL CHECK (kind IN ('time', 'milestone')),
  work_date date NOT NULL,
  hours numeric(6, 2) CHECK (hours > 0 AND hours <= 24),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'time') = (hours IS NOT NULL))
);
CREATE INDEX delivery_work_entries_project ON delivery_work_entries (project_id, work_date DESC);

CREATE TABLE delivery_invoices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id),
  po_id uuid NOT NULL REFERENCES delivery_purchase_orders(id),
  number text NOT NULL CHECK (length(number) BETWEEN 1 AND 40),
  invoice_date date NOT NULL,
  currency char(3) NOT NULL,
  tax numeric(16, 2) NOT NULL DEFAULT 0 CHECK (tax >= 0),
  status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'approved', 'disputed')),
  -- Set when a line goes past its PO line within the tolerance rule: approval is then an explicit choice.
  over_tolerance boolean NOT NULL DEFAULT false,
  dispute_reason text,
  coupa_status text CHECK (coupa_status IN ('approved', 'disputed', 'paid')),
  coupa_updated_at timestamptz,
  submitted_by uuid REFERENCES users(id),
  submitted_at timestamptz NOT NULL,
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz
);
-- Invoice numbers are unique per partner.
CREATE UNIQUE INDEX delivery_invoices_number ON delivery_invoices (partner_id, upper(number));
CREATE INDEX delivery_invoices_po ON delivery_invoices (po_id);

CREATE TABLE delivery_invoice_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  invoice_id uuid NOT NULL REFERENCES delivery_invoices(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  po_line_id uuid NOT NULL REFERENCES delivery_po_lines(id),
  invoice_line_number integer NOT NULL CHECK (invoice_line_number >= 1),
  quantity numeric(14, 3) CHECK (quantity > 0),
  amount numeric(16, 2) NOT NULL CHECK (amount > 0),
  UNIQUE (invoice_id, invoice_line_number)
);
CREATE INDEX delivery_invoice_lines_po_line ON delivery_invoice_lines (po_line_id);

-- The balance rule, kept by the database: an invoice line locks its PO line, then the line's invoiced total
-- (every invoice not disputed) may not pass its amount plus the tolerance. Concurrent submissions against the
-- same line queue on the lock, so the rule holds under any interleaving. Runs as the owner so the lock and the
-- sum see every invoice of the line whatever the caller's row-level security shows.
CREATE FUNCTION delivery_invoice_line_within_po() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  line record;
  invoiced numeric(16, 2);
  allowed numeric(16, 2);
  s record;
BEGIN
  SELECT l.id, l.line_number, l.amount, l.po_id, o.status, o.number INTO line
    FROM delivery_po_lines l JOIN delivery_purchase_orders o ON o.id = l.po_id
    WHERE l.id = NEW.po_line_id FOR UPDATE OF l;
  IF line.id IS NULL THEN
    RAISE EXCEPTION 'PO line % does not exist', NEW.po_line_id USING ERRCODE = '23503';
  END IF;
  IF line.status <> 'open' THEN
    RAISE EXCEPTION 'PO % is %', line.number, line.status USING ERRCODE = 'P0002';
  END IF;
  SELECT invoice_tolerance_percent, invoice_tolerance_max INTO s FROM delivery_settings WHERE id = 1;
  SELECT coalesce(sum(il.amount), 0) INTO invoiced
    FROM delivery_invoice_lines il JOIN delivery_invoices i ON i.id = il.invoice_id
    WHERE il.po_line_id = NEW.po_line_id AND i.status <> 'disputed';
  allowed := line.amount + least(round(line.amount * s.invoice_tolerance_percent / 100, 2), s.invoice_tolerance_max);
  IF invoiced + NEW.amount > allowed THEN
    RAISE EXCEPTION 'PO_BALANCE_EXCEEDED'
      USING ERRCODE = 'P0001',
            DETAIL = json_build_object('lineNumber', line.line_number, 'remaining', (allowed - invoiced)::text,
                                       'amount', NEW.amount::text, 'ordered', line.amount::text)::text;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER delivery_invoice_line_within_po BEFORE INSERT OR UPDATE OF amount, po_line_id ON delivery_invoice_lines
  FOR EACH ROW EXECUTE FUNCTION delivery_invoice_line_within_po();

-- A disputed invoice frees its amounts; it never comes back (the partner sends a new invoice).
CREATE FUNCTION delivery_invoice_status_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'disputed' AND NEW.status <> 'disputed' THEN
    RAISE EXCEPTION 'A disputed invoice does not come back' USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER delivery_invoice_status_forward BEFORE UPDATE OF status ON delivery_invoices
  FOR EACH ROW EXECUTE FUNCTION delivery_invoice_status_forward();

-- Every cXML document exported for Coupa, as sent, with its hash.
CREATE TABLE delivery_invoice_exports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  invoice_id uuid NOT NULL REFERENCES delivery_invoices(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  payload_id text NOT NULL UNIQUE,
  document text NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  exported_by uuid REFERENCES users(id),
  exported_at timestamptz NOT NULL
);
CREATE INDEX delivery_invoice_exports_invoice ON delivery_invoice_exports (invoice_id, exported_at DESC);

GRANT SELECT ON delivery_skills, delivery_settings TO alliance_app;
GRANT SELECT, INSERT, UPDATE ON delivery_resources, delivery_screenings, delivery_projects, delivery_sows,
  delivery_purchase_orders, delivery_po_lines, delivery_invoices TO alliance_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON delivery_assignments TO alliance_app;
GRANT SELECT, INSERT ON delivery_sow_versions, delivery_work_entries, delivery_invoice_lines, delivery_invoice_exports TO alliance_app;
GRANT UPDATE (decision, comments, reviewed_by, reviewed_at) ON delivery_sow_versions TO alliance_app;

-- What belongs to one partner: staff see all (the services narrow it by role), a partner its own company's.
ALTER TABLE delivery_resources ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON delivery_resources USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE delivery_screenings ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON delivery_screenings USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE delivery_projects ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON delivery_projects USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
ALTER TABLE delivery_assignments ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON delivery_assignments USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE delivery_sows ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON delivery_sows USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE delivery_sow_versions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON delivery_sow_versions USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE delivery_purchase_orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON delivery_purchase_orders USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
ALTER TABLE delivery_po_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON delivery_po_lines USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
ALTER TABLE delivery_work_entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON delivery_work_entries USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE delivery_invoices ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON delivery_invoices USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE delivery_invoice_lines ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON delivery_invoice_lines USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE delivery_invoice_exports ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON delivery_invoice_exports USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));

-- A screening's invitation travels in mail_outbox.calendar (added with marketing's events).
