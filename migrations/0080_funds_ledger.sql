-- Partner funds on one double-entry ledger (decision 024). Every allocation, approval (a commitment), claim,
-- payment, release and expiry is a transaction of entries that sum to zero per currency. Entries are never
-- updated or deleted (corrections are reversals); balances are sums of entries, never stored.

CREATE TABLE ledger_transactions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('allocation', 'adjustment', 'commitment', 'claim', 'payment', 'release', 'expiry', 'reversal')),
  partner_id uuid NOT NULL REFERENCES partners(id),
  fund text NOT NULL CHECK (fund IN ('mdf')),
  program_year integer NOT NULL CHECK (program_year BETWEEN 2000 AND 2100),
  period text NOT NULL CHECK (period ~ '^\d{4}(Q[1-4])?$'),
  source_type text NOT NULL CHECK (source_type IN ('allocation', 'request', 'claim', 'transaction')),
  source_id uuid NOT NULL,
  memo text NOT NULL CHECK (length(memo) BETWEEN 1 AND 500),
  reverses uuid UNIQUE REFERENCES ledger_transactions(id),
  actor_id uuid REFERENCES users(id),
  actor text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX ledger_transactions_partner ON ledger_transactions (partner_id, fund, program_year, created_at);
CREATE INDEX ledger_transactions_source ON ledger_transactions (source_type, source_id);

CREATE TABLE ledger_entries (
  id bigserial PRIMARY KEY,
  transaction_id uuid NOT NULL REFERENCES ledger_transactions(id),
  account text NOT NULL CHECK (account IN ('mdf:funding', 'mdf:available', 'mdf:committed', 'mdf:payable', 'mdf:paid', 'mdf:expired')),
  partner_id uuid NOT NULL REFERENCES partners(id),
  fund text NOT NULL CHECK (fund IN ('mdf')),
  program_year integer NOT NULL,
  period text NOT NULL,
  amount numeric(18, 2) NOT NULL CHECK (amount <> 0),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL
);
CREATE INDEX ledger_entries_transaction ON ledger_entries (transaction_id);
CREATE INDEX ledger_entries_balance ON ledger_entries (partner_id, fund, program_year, account, currency);

-- Entries and transactions are immutable: corrections are reversals.
CREATE FUNCTION ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger rows are never changed or deleted; record a reversal instead' USING ERRCODE = 'P0001';
END $$;
CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_immutable();
CREATE TRIGGER ledger_transactions_immutable BEFORE UPDATE OR DELETE ON ledger_transactions
  FOR EACH ROW EXECUTE FUNCTION ledger_immutable();

-- Each transaction sums to zero per currency, and leaves no MDF account of its partner and year below zero
-- (available, committed, payable): checked at commit, after every entry of the transaction is in.
CREATE FUNCTION ledger_check_transaction() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT currency, sum(amount) AS total INTO bad FROM ledger_entries WHERE transaction_id = NEW.transaction_id
    GROUP BY currency HAVING sum(amount) <> 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger transaction % does not sum to zero in % (off by %)', NEW.transaction_id, bad.currency, bad.total
      USING ERRCODE = '23514', CONSTRAINT = 'ledger_balanced';
  END IF;
  SELECT account, currency, sum(amount) AS total INTO bad FROM ledger_entries
    WHERE partner_id = NEW.partner_id AND fund = NEW.fund AND program_year = NEW.program_year
      AND account IN ('mdf:available', 'mdf:committed', 'mdf:payable')
    GROUP BY account, currency HAVING sum(amount) < 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger account % would fall below zero (% %)', bad.account, bad.total, bad.currency
      USING ERRCODE = '23514', CONSTRAINT = 'ledger_not_overspent';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_transaction();

-- Exchange rates as data: units of a currency per one euro on a day (the ECB reference rates' form).
CREATE TABLE fx_rates (
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$' AND currency <> 'EUR'),
  rate_date date NOT NULL,
  per_eur numeric(20, 8) NOT NULL CHECK (per_eur > 0),
  source text NOT NULL CHECK (source IN ('import', 'manual')),
  entered_by uuid REFERENCES users(id),
  entered_at timestamptz NOT NULL,
  PRIMARY KEY (currency, rate_date)
);

-- MDF: a default annual allocation per program year and tier, and each partner's allocation (editable).
CREATE TABLE mdf_tier_defaults (
  program_year integer NOT NULL,
  tier text NOT NULL CHECK (tier IN ('strategic', 'advantage', 'select', 'approved')),
  amount numeric(18, 2) NOT NULL CHECK (amount >= 0),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  PRIMARY KEY (program_year, tier)
);
INSERT INTO mdf_tier_defaults (program_year, tier, amount, currency) VALUES
  (2026, 'strategic', 250000, 'USD'),
  (2026, 'advantage', 100000, 'USD'),
  (2026, 'select', 25000, 'USD'),
  (2026, 'approved', 0, 'USD'),
  (2027, 'strategic', 250000, 'USD'),
  (2027, 'advantage', 100000, 'USD'),
  (2027, 'select', 25000, 'USD'),
  (2027, 'approved', 0, 'USD');

CREATE TABLE mdf_allocations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id),
  program_year integer NOT NULL CHECK (program_year BETWEEN 2000 AND 2100),
  amount numeric(18, 2) NOT NULL CHECK (amount >= 0),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  ends_on date NOT NULL,
  expired_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL,
  UNIQUE (partner_id, program_year)
);

-- Approval limits: per user (wins) or per role, in a currency; above it a second approver is needed.
CREATE TABLE mdf_approval_limits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid REFERENCES users(id),
  role text CHECK (role IN ('marketing', 'incentives')),
  amount numeric(18, 2) NOT NULL CHECK (amount >= 0),
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((user_id IS NULL) <> (role IS NULL))
);
CREATE UNIQUE INDEX mdf_approval_limits_user ON mdf_approval_limits (user_id, currency) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX mdf_approval_limits_role ON mdf_approval_limits (role, currency) WHERE role IS NOT NULL;
INSERT INTO mdf_approval_limits (role, amount, currency) VALUES ('marketing', 25000, 'USD'), ('incentives', 50000, 'USD');

CREATE TABLE mdf_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id),
  allocation_id uuid NOT NULL REFERENCES mdf_allocations(id),
  program_year integer NOT NULL,
  activity_type text NOT NULL CHECK (activity_type IN ('event', 'campaign', 'content', 'training', 'other')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  plan text NOT NULL CHECK (length(plan) BETWEEN 1 AND 5000),
  expected_outcomes text NOT NULL CHECK (length(expected_outcomes) BETWEEN 1 AND 2000),
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  amount numeric(18, 2) NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL,
  claim_window_days integer NOT NULL CHECK (claim_window_days BETWEEN 1 AND 365),
  status text NOT NULL CHECK (status IN ('submitted', 'awaiting_second_approval', 'approved', 'rejected', 'closed')),
  submitted_by uuid REFERENCES users(id),
  submitted_at timestamptz NOT NULL,
  first_approved_by uuid REFERENCES users(id),
  first_approved_at timestamptz,
  approved_by uuid REFERENCES users(id),
  approved_at timestamptz,
  rejected_by uuid REFERENCES users(id),
  rejected_at timestamptz,
  rejection_reason text,
  closed_at timestamptz,
  released_amount numeric(18, 2),
  version integer NOT NULL DEFAULT 1,
  CHECK (first_approved_by IS NULL OR approved_by IS NULL OR first_approved_by <> approved_by)
);
CREATE INDEX mdf_requests_partner ON mdf_requests (partner_id, submitted_at DESC);
CREATE INDEX mdf_requests_status ON mdf_requests (status, submitted_at);

CREATE TABLE mdf_claims (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  request_id uuid NOT NULL REFERENCES mdf_requests(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  amount numeric(18, 2) NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  status text NOT NULL CHECK (status IN ('submitted', 'more_proof_requested', 'approved', 'rejected', 'paid')),
  submitted_by uuid REFERENCES users(id),
  submitted_at timestamptz NOT NULL,
  more_proof_requested_at timestamptz,
  more_proof_note text,
  approved_by uuid REFERENCES users(id),
  approved_at timestamptz,
  rejected_by uuid REFERENCES users(id),
  rejected_at timestamptz,
  rejection_reason text,
  paid_by uuid REFERENCES users(id),
  paid_at timestamptz,
  payment_reference text,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX mdf_claims_request ON mdf_claims (request_id);
CREATE INDEX mdf_claims_status ON mdf_claims (status, submitted_at);

-- Proof of performance: the bytes live in the document store, addressed by their SHA-256.
CREATE TABLE mdf_claim_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  claim_id uuid NOT NULL REFERENCES mdf_claims(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  filename text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid REFERENCES users(id),
  uploaded_at timestamptz NOT NULL
);
CREATE INDEX mdf_claim_files_claim ON mdf_claim_files (claim_id);

-- Reminders before a claim window closes: once per request and threshold.
CREATE TABLE mdf_claim_reminders (
  request_id uuid NOT NULL REFERENCES mdf_requests(id),
  days_before integer NOT NULL,
  sent_at timestamptz NOT NULL,
  PRIMARY KEY (request_id, days_before)
);

GRANT SELECT, INSERT ON ledger_transactions, ledger_entries, mdf_claim_files, mdf_claim_reminders TO alliance_app;
GRANT USAGE ON SEQUENCE ledger_entries_id_seq TO alliance_app;
GRANT SELECT, INSERT, UPDATE ON fx_rates, mdf_tier_defaults, mdf_allocations, mdf_approval_limits, mdf_requests, mdf_claims TO alliance_app;
GRANT DELETE ON mdf_approval_limits TO alliance_app;

ALTER TABLE ledger_transactions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON ledger_transactions USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
ALTER TABLE ledger_entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON ledger_entries USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
ALTER TABLE mdf_allocations ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON mdf_allocations USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE mdf_requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON mdf_requests USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE mdf_claims ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON mdf_claims USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE mdf_claim_files ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON mdf_claim_files USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE mdf_claim_reminders ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON mdf_claim_reminders USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
ALTER TABLE mdf_approval_limits ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON mdf_approval_limits USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
