-- Deal registration: partners' registered opportunities with their review (service-level clock,
-- decisions, protection period), their history, the customer-account owners that customer-level
-- registrations are routed to, and the database rule that one customer and product line has at most
-- one approved registration at a time. Values are USD, exact (numeric).

CREATE TABLE customer_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  domain text NOT NULL UNIQUE CHECK (domain = lower(domain) AND length(domain) BETWEEN 3 AND 253),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  owner_id uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE deals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id),
  registered_by uuid REFERENCES users(id),
  customer_name text NOT NULL CHECK (length(customer_name) BETWEEN 1 AND 200),
  -- The normalized name (no case, accents, punctuation or legal suffixes) and the registrable domain:
  -- what conflicts are matched on.
  customer_key text NOT NULL,
  customer_domain text,
  customer_country text NOT NULL CHECK (customer_country ~ '^[A-Z]{2}$'),
  customer_address text,
  contact jsonb,
  products text[] NOT NULL CHECK (cardinality(products) BETWEEN 1 AND 20),
  product_lines text[] NOT NULL,
  value numeric(18,2) NOT NULL CHECK (value >= 0),
  currency text NOT NULL DEFAULT 'USD' CHECK (currency = 'USD'),
  expected_close date NOT NULL,
  stage text NOT NULL DEFAULT 'registered'
    CHECK (stage IN ('registered', 'qualified', 'proposal', 'negotiation', 'closed_won', 'closed_lost')),
  description text,
  -- submitted → info_requested ↔ submitted → approved | rejected; approved → expired | closed.
  status text NOT NULL DEFAULT 'submitted'
    CHECK (status IN ('submitted', 'info_requested', 'approved', 'rejected', 'expired', 'closed')),
  -- Who reviews: the Partner Incentives queue, or the sales owner of the customer account.
  route text NOT NULL CHECK (route IN ('incentives', 'account_owner')),
  reviewer_id uuid REFERENCES users(id),
  -- From the partner's deal registration benefit: dedicated (Yes), standard self-service (Limited), customer level.
  support text NOT NULL CHECK (support IN ('dedicated', 'standard', 'customer_level')),
  big_deal boolean NOT NULL DEFAULT false,
  possible_conflict boolean NOT NULL DEFAULT false,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  review_due date,
  paused_at timestamptz,
  escalated_at timestamptz,
  decided_at timestamptz,
  decided_by uuid REFERENCES users(id),
  rejection_reason text,
  protection_until date,
  extension_requested_at timestamptz,
  closed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL),
  CHECK (status NOT IN ('approved', 'expired', 'closed') OR protection_until IS NOT NULL),
  CHECK ((status = 'info_requested') = (paused_at IS NOT NULL)),
  CHECK (route = 'incentives' OR reviewer_id IS NOT NULL)
);
CREATE INDEX deals_partner ON deals (partner_id, submitted_at DESC);
CREATE INDEX deals_queue ON deals (status, review_due) WHERE status IN ('submitted', 'info_requested');
CREATE INDEX deals_expiry ON deals (protection_until) WHERE status = 'approved';
CREATE INDEX deals_domain ON deals (customer_domain) WHERE customer_domain IS NOT NULL;
-- The similar-name search of the conflict check (pg_trgm `%`).
CREATE INDEX deals_customer_trgm ON deals USING gin (customer_key gin_trgm_ops);

-- One row per customer key and product line of every approved registration. Both the domain and the
-- normalized name are keys ("d:initrode.com", "n:initrode"), so two approvals of the same customer written
-- differently collide too. The primary key makes a second, concurrent approval fail in the database.
CREATE TABLE deal_protections (
  customer_key text NOT NULL,
  product_line text NOT NULL,
  deal_id uuid NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
  partner_id uuid NOT NULL REFERENCES partners(id),
  PRIMARY KEY (customer_key, product_line)
);
CREATE INDEX deal_protections_deal ON deal_protections (deal_id);

-- The deal's history: decisions, answers, stage changes and notifications. Internal entries (conflict
-- details, escalations) are never shown to the partner.
CREATE TABLE deal_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  deal_id uuid NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
  partner_id uuid NOT NULL REFERENCES partners(id),
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES users(id),
  actor_name text NOT NULL,
  kind text NOT NULL,
  note text,
  internal boolean NOT NULL DEFAULT false,
  data jsonb
);
CREATE INDEX deal_events_deal ON deal_events (deal_id, id);

GRANT SELECT, INSERT, UPDATE, DELETE ON customer_accounts, deal_protections TO alliance_app;
GRANT SELECT, INSERT, UPDATE ON deals TO alliance_app;
GRANT SELECT, INSERT ON deal_events TO alliance_app;

ALTER TABLE customer_accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON customer_accounts USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
ALTER TABLE deals ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON deals USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE deal_protections ENABLE ROW LEVEL SECURITY;
-- A partner closing its own approved deal ends its protection.
CREATE POLICY tenant ON deal_protections USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
ALTER TABLE deal_events ENABLE ROW LEVEL SECURITY;
-- A partner's own actions write internal entries too (the conflicts found, notifications to reviewers),
-- which its users then cannot read.
CREATE POLICY tenant_read ON deal_events FOR SELECT
  USING ((SELECT app_internal()) OR (partner_id = (SELECT app_partner_id()) AND NOT internal));
CREATE POLICY tenant_write ON deal_events FOR INSERT WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));

-- The conflict search must see every company's open and approved registrations, while RLS shows a
-- partner user only its own. This function runs as the owner and answers only what the caller may see:
-- for internal staff every match with its deal and partner; for a partner user, matches against other
-- companies' deals come back with no deal, partner, name or value, only the match facts (similarity,
-- same domain, shared lines, close-date distance) that decide "possible conflict". See decision 007.
CREATE FUNCTION deal_conflict_candidates(p_key text, p_domain text, p_lines text[], p_close date, p_exclude uuid, p_min_similarity real)
RETURNS TABLE (deal_id uuid, partner_id uuid, same_partner boolean, similarity real, same_domain boolean, shared_lines text[], close_days integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
-- The `%` operator's threshold is the name similarity the service asks for (NAME_SIMILARITY), so the
-- trigram index already leaves out what the similarity filter below would drop.
SET pg_trgm.similarity_threshold = 0.45 AS $$
  WITH m AS (
    SELECT d.id, d.partner_id, d.customer_key, d.customer_domain, d.product_lines, d.expected_close FROM deals d
    WHERE d.customer_key % p_key AND d.status IN ('submitted', 'info_requested', 'approved')
    UNION
    SELECT d.id, d.partner_id, d.customer_key, d.customer_domain, d.product_lines, d.expected_close FROM deals d
    WHERE p_domain IS NOT NULL AND d.customer_domain = p_domain AND d.status IN ('submitted', 'info_requested', 'approved')
  )
  SELECT
    CASE WHEN app_internal() OR m.partner_id = app_partner_id() THEN m.id END,
    CASE WHEN app_internal() OR m.partner_id = app_partner_id() THEN m.partner_id END,
    m.partner_id IS NOT DISTINCT FROM app_partner_id(),
    similarity(m.customer_key, p_key),
    p_domain IS NOT NULL AND m.customer_domain = p_domain,
    ARRAY(SELECT unnest(m.product_lines) INTERSECT SELECT unnest(p_lines) ORDER BY 1),
    abs(m.expected_close - p_close)
  FROM m
  WHERE m.id IS DISTINCT FROM p_exclude
    AND (similarity(m.customer_key, p_key) >= p_min_similarity OR (p_domain IS NOT NULL AND m.customer_domain = p_domain))
    -- No tenant set: nothing at all.
    AND (app_internal() OR app_partner_id() IS NOT NULL)
$$;
REVOKE ALL ON FUNCTION deal_conflict_candidates(text, text, text[], date, uuid, real) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION deal_conflict_candidates(text, text, text[], date, uuid, real) TO alliance_app;

-- Who works a deal review, for notifications: active staff of one role (staff names and emails are
-- readable by every signed-in user through the staff view already; this adds the role filter).
CREATE FUNCTION staff_with_role(p_role text) RETURNS TABLE (id uuid, name text, email text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id, u.name, u.email::text FROM users u
  WHERE u.partner_id IS NULL AND u.role = p_role AND u.status = 'active' AND (app_internal() OR app_partner_id() IS NOT NULL)
  ORDER BY u.email
$$;
REVOKE ALL ON FUNCTION staff_with_role(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION staff_with_role(text) TO alliance_app;

-- Customer-level registrations go to the sales owner of the customer's account: partners may learn
-- the owner of the one domain they register, never the list of accounts.
CREATE FUNCTION customer_account_owner(p_domain text) RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT a.owner_id FROM customer_accounts a JOIN users u ON u.id = a.owner_id AND u.status = 'active'
  WHERE a.domain = p_domain AND (app_internal() OR app_partner_id() IS NOT NULL)
$$;
REVOKE ALL ON FUNCTION customer_account_owner(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION customer_account_owner(text) TO alliance_app;
