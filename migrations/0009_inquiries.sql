-- Contact Us inquiries: public submissions (no login), routed by rules into a team's queue and to an
-- owner, worked by internal staff, and checked by the submitter with their reference and email.
-- Inquiries come from the public, before any partner exists: internal staff only.

CREATE TABLE inquiry_queues (
  key text PRIMARY KEY CHECK (key ~ '^[a-z0-9-]{2,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- NULL: every active GPS user is a member; otherwise these users, in this order.
  member_ids uuid[],
  -- Round-robin position: the member who got the last inquiry.
  last_owner_id uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO inquiry_queues (key, name) VALUES ('gpa', 'Global Partner Alliances');

CREATE TABLE inquiry_routing_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- Rules are tried in ascending position; the first active rule whose conditions all hold routes.
  position integer NOT NULL,
  active boolean NOT NULL DEFAULT true,
  -- Conditions; NULL means "any". A region is a list of countries.
  countries text[],
  partner_types text[],
  solutions text[],
  domain_match text CHECK (domain_match IN ('partner', 'inquiry', 'none')),
  -- Outcome: the queue, and a fixed owner (else round-robin among the queue's members).
  queue_key text NOT NULL REFERENCES inquiry_queues(key),
  owner_id uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX inquiry_routing_rules_order ON inquiry_routing_rules (position, created_at);

CREATE TABLE inquiries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE CHECK (reference ~ '^INQ-[0-9A-Z]{4}-[0-9A-Z]{4}$'),
  company text NOT NULL,
  website text NOT NULL,
  domain text,
  country char(2) NOT NULL,
  contact_name text NOT NULL,
  email citext NOT NULL,
  phone text,
  partner_type text CHECK (partner_type IN ('oem', 'service', 'both')),
  solutions text[] NOT NULL DEFAULT '{}',
  message text NOT NULL,
  heard_about text,
  status text NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'in_review', 'needs_information', 'converted', 'declined')),
  decline_reason text,
  -- What the submitter is asked for (needs information) or told, shown on the public status page.
  public_note text,
  queue_key text NOT NULL REFERENCES inquiry_queues(key),
  owner_id uuid REFERENCES users(id),
  routing_rule_id uuid REFERENCES inquiry_routing_rules(id) ON DELETE SET NULL,
  -- The company's domain matches an existing partner: linked, not a new company.
  matched_partner_id uuid REFERENCES partners(id),
  -- Or another open inquiry from the same domain.
  related_inquiry_id uuid REFERENCES inquiries(id),
  -- Set by the conversion flow of onboarding (no foreign key until onboarding cases exist here).
  onboarding_case_id uuid,
  submissions integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_submitted_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'declined') = (decline_reason IS NOT NULL))
);
CREATE INDEX inquiries_list ON inquiries (created_at DESC, id DESC);
CREATE INDEX inquiries_duplicate ON inquiries (email, lower(company), created_at);
CREATE INDEX inquiries_domain ON inquiries (domain) WHERE status NOT IN ('converted', 'declined');
CREATE INDEX inquiries_owner ON inquiries (owner_id);

CREATE TABLE inquiry_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  inquiry_id uuid NOT NULL REFERENCES inquiries(id),
  author_id uuid REFERENCES users(id),
  author_name text NOT NULL,
  -- note: written by staff; event: what happened (assigned, status changed, submitted again).
  kind text NOT NULL CHECK (kind IN ('note', 'event')),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  -- The clock, not the transaction's start: several entries of one change keep their order.
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX inquiry_comments_inquiry ON inquiry_comments (inquiry_id, created_at, id);

-- Public submissions and status checks, per client address and email, for rate limits.
CREATE TABLE inquiry_attempts (
  kind text NOT NULL CHECK (kind IN ('submit', 'status')),
  address text NOT NULL,
  email citext,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX inquiry_attempts_address ON inquiry_attempts (kind, address, at);
CREATE INDEX inquiry_attempts_email ON inquiry_attempts (kind, email, at);

GRANT SELECT, INSERT, UPDATE ON inquiries, inquiry_comments, inquiry_queues TO alliance_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON inquiry_routing_rules, inquiry_attempts TO alliance_app;

ALTER TABLE inquiries ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON inquiries USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
ALTER TABLE inquiry_comments ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON inquiry_comments USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
ALTER TABLE inquiry_queues ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON inquiry_queues USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
ALTER TABLE inquiry_routing_rules ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON inquiry_routing_rules USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
ALTER TABLE inquiry_attempts ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON inquiry_attempts USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
