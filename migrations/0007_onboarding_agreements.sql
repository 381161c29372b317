-- Onboarding cases (deal-driven under POTC or a reseller agreement, or sponsor-driven) and agreements
-- (POTC, reseller, MOU/joint investment, NDA, client flow-down) with documents, signatures, country
-- extensions and expiry reminders.

-- POTC terms are non-modifiable: each version's text is data, and an accepted POTC records its version.
CREATE TABLE potc_versions (
  version text PRIMARY KEY CHECK (version ~ '^[0-9]{4}\.[0-9]+$'),
  title text NOT NULL,
  body text NOT NULL,
  body_sha256 text NOT NULL,
  renewal_terms text NOT NULL,
  published_on date NOT NULL
);
INSERT INTO potc_versions (version, title, body, body_sha256, renewal_terms, published_on)
SELECT v.version, v.title, v.body, encode(sha256(convert_to(v.body, 'UTF8')), 'hex'), v.renewal_terms, v.published_on::date
FROM (VALUES (
  '2026.1', 'Purchase Order Terms & Conditions (resale)',
  '1. Scope. These Purchase Order Terms & Conditions ("POTC") govern every purchase order the integrator issues to the partner for the resale of the partner''s products.
2. Non-modifiable. The POTC apply as published; no term may be added, removed or changed for one partner. A purchase order that conflicts with them is governed by them.
3. Orders. The partner accepts or rejects a purchase order within five business days; silence is acceptance.
4. Pricing and payment. Prices are those on the purchase order. Invoices reference a purchase order and are payable within 60 days of receipt.
5. Delivery and title. Title and risk pass on delivery to the destination on the purchase order.
6. Warranty. The partner passes through its standard product warranty to the end customer.
7. Compliance. The partner complies with applicable export, anti-corruption and data protection laws.
8. Term. The POTC apply from acceptance until the expiry date recorded with them, and to every purchase order issued before it.',
  'Renewed by accepting the POTC version in force at expiry; the terms themselves are not negotiable.', '2026-01-01'
)) AS v(version, title, body, renewal_terms, published_on);

CREATE TABLE agreements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id),
  type text NOT NULL CHECK (type IN ('potc', 'reseller', 'mou', 'nda', 'flow_down')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'out_for_signature', 'active', 'expired', 'terminated')),
  effective_date date NOT NULL,
  expiry_date date,
  countries text[] NOT NULL DEFAULT '{}',
  renewal_terms text,
  -- A flow-down names the integrator's client it belongs to; other types have none.
  client_name text CHECK ((type = 'flow_down') = (client_name IS NOT NULL)),
  potc_version text REFERENCES potc_versions(version) CHECK ((type = 'potc') = (potc_version IS NOT NULL)),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK (expiry_date IS NULL OR expiry_date > effective_date)
);
CREATE INDEX agreements_partner ON agreements (partner_id, effective_date DESC);
CREATE INDEX agreements_expiry ON agreements (expiry_date) WHERE status IN ('active', 'out_for_signature', 'draft');

-- Document bytes live in the file store, named by their SHA-256; rows hold what the upload said and what the bytes are.
CREATE TABLE agreement_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agreement_id uuid NOT NULL REFERENCES agreements(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  content_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid REFERENCES users(id),
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agreement_documents_agreement ON agreement_documents (agreement_id, uploaded_at);

CREATE TABLE agreement_signatures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agreement_id uuid NOT NULL REFERENCES agreements(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  user_id uuid NOT NULL REFERENCES users(id),
  typed_name text NOT NULL CHECK (length(typed_name) BETWEEN 1 AND 200),
  signed_at timestamptz NOT NULL,
  -- What was signed: the latest document's hash, or for a POTC the accepted version and its text's hash.
  document_sha256 text,
  document_id uuid REFERENCES agreement_documents(id),
  potc_version text REFERENCES potc_versions(version)
);
CREATE UNIQUE INDEX agreement_signatures_once ON agreement_signatures (agreement_id, user_id);

CREATE TABLE country_extensions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  agreement_id uuid NOT NULL REFERENCES agreements(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  country char(2) NOT NULL,
  deal_reference text NOT NULL CHECK (length(deal_reference) BETWEEN 1 AND 200),
  reason text,
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'approved', 'rejected')),
  requested_by uuid REFERENCES users(id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz,
  decision_note text
);
CREATE INDEX country_extensions_agreement ON country_extensions (agreement_id, requested_at);
-- One open request per agreement and country.
CREATE UNIQUE INDEX country_extensions_open ON country_extensions (agreement_id, country) WHERE status = 'requested';

-- Expiry reminders sent, one per threshold and expiry date (a renewal with a new expiry date starts afresh).
CREATE TABLE agreement_reminders (
  agreement_id uuid NOT NULL REFERENCES agreements(id),
  expiry_date date NOT NULL,
  days_before integer NOT NULL CHECK (days_before IN (90, 30, 7)),
  sent_at timestamptz NOT NULL,
  recipients text[] NOT NULL,
  PRIMARY KEY (agreement_id, expiry_date, days_before)
);

CREATE TABLE onboarding_cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  path text NOT NULL CHECK (path IN ('deal', 'sponsor')),
  agreement_type text NOT NULL CHECK (agreement_type IN ('potc', 'reseller')),
  legal_name text NOT NULL CHECK (length(legal_name) BETWEEN 1 AND 200),
  website text,
  headquarters_country char(2) NOT NULL,
  partner_type text NOT NULL CHECK (partner_type IN ('oem', 'service', 'both')),
  -- An existing prospect to activate; null when completion creates the partner.
  partner_id uuid REFERENCES partners(id),
  contact_name text NOT NULL,
  contact_email citext NOT NULL,
  deal_reference text CHECK ((path = 'deal') = (deal_reference IS NOT NULL)),
  sponsor_id uuid REFERENCES users(id) CHECK ((path = 'sponsor') = (sponsor_id IS NOT NULL)),
  -- The inquiry the case was converted from (inquiries are their own feature: no foreign key).
  inquiry_id uuid,
  notes text,
  requested_by uuid REFERENCES users(id),
  owner_id uuid REFERENCES users(id),
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'in_progress', 'completed', 'cancelled')),
  due_date date NOT NULL,
  agreement_id uuid REFERENCES agreements(id),
  admin_user_id uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);
CREATE INDEX onboarding_cases_status ON onboarding_cases (status, due_date);
CREATE INDEX onboarding_cases_requester ON onboarding_cases (requested_by);
CREATE UNIQUE INDEX onboarding_cases_inquiry ON onboarding_cases (inquiry_id) WHERE inquiry_id IS NOT NULL;

CREATE TABLE onboarding_checklist (
  case_id uuid NOT NULL REFERENCES onboarding_cases(id),
  key text NOT NULL,
  label text NOT NULL,
  position integer NOT NULL,
  -- Automatic items are done by completion itself, never ticked by hand.
  automatic boolean NOT NULL DEFAULT false,
  done_by uuid REFERENCES users(id),
  done_at timestamptz,
  PRIMARY KEY (case_id, key)
);

CREATE TABLE onboarding_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES onboarding_cases(id),
  author_id uuid REFERENCES users(id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX onboarding_comments_case ON onboarding_comments (case_id, created_at);

GRANT SELECT ON potc_versions TO alliance_app;
GRANT SELECT, INSERT, UPDATE ON agreements, agreement_documents, country_extensions, onboarding_cases, onboarding_checklist TO alliance_app;
GRANT SELECT, INSERT ON agreement_signatures, agreement_reminders, onboarding_comments TO alliance_app;

-- Agreements and what hangs off them belong to their partner: internal staff see all, a partner its own.
ALTER TABLE agreements ENABLE ROW LEVEL SECURITY;
-- A partner admin's signature makes its own agreement active (the service checks who may).
CREATE POLICY tenant ON agreements USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE agreement_documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON agreement_documents USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
-- A partner admin signs for its own company: the one write a partner makes here.
ALTER TABLE agreement_signatures ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON agreement_signatures USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR (partner_id = (SELECT app_partner_id()) AND user_id = (SELECT app_user_id())));
ALTER TABLE country_extensions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON country_extensions USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
ALTER TABLE agreement_reminders ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON agreement_reminders USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));

-- Onboarding is the integrator's internal work.
ALTER TABLE onboarding_cases ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON onboarding_cases USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
ALTER TABLE onboarding_checklist ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON onboarding_checklist USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
ALTER TABLE onboarding_comments ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON onboarding_comments USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
