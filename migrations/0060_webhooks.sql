-- Outbound webhooks (decision 021). Administrators subscribe to every event (partner_id NULL); a partner
-- admin subscribes for its own company (partner_id set), which only ever receives that company's events.

CREATE TABLE webhook_subscriptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- NULL: an administrator's subscription (all events); else the one company whose events it receives.
  partner_id uuid REFERENCES partners(id) ON DELETE CASCADE,
  url text NOT NULL CHECK (length(url) <= 2000),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 200),
  events text[] NOT NULL CHECK (cardinality(events) > 0),
  enabled boolean NOT NULL DEFAULT true,
  -- failing: a delivery ran out of retries; the owner was told. The next successful delivery clears it.
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'failing')),
  failing_since timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscriptions_partner ON webhook_subscriptions (partner_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_subscriptions TO alliance_app;
ALTER TABLE webhook_subscriptions ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON webhook_subscriptions USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));

-- The signing secret, shown once at creation (decision 012): only the system (the delivery job) reads it;
-- no signed-in user's transaction sees a row, administrators' included.
CREATE TABLE webhook_secrets (
  subscription_id uuid PRIMARY KEY REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
  secret text NOT NULL
);
GRANT SELECT, INSERT, DELETE ON webhook_secrets TO alliance_app;
ALTER TABLE webhook_secrets ENABLE ROW LEVEL SECURITY;
CREATE POLICY create_with_subscription ON webhook_secrets FOR INSERT WITH CHECK (true);
CREATE POLICY sender_read ON webhook_secrets FOR SELECT USING ((SELECT app_is_system()));
CREATE POLICY sender_delete ON webhook_secrets FOR DELETE USING ((SELECT app_is_system()));

-- One delivery per subscription and event (its id is the webhook-id header, stable across retries, so a
-- receiver de-duplicates by it). The body is kept as sent, so a redelivery sends the same message.
CREATE TABLE webhook_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  subscription_id uuid NOT NULL REFERENCES webhook_subscriptions(id) ON DELETE CASCADE,
  partner_id uuid REFERENCES partners(id) ON DELETE CASCADE,
  -- The event delivered (no reference: events are pruned after their retention, the log stays with its subscription).
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- When the next attempt is due; while an attempt is in flight, when its lease ends (a crash retries it then).
  next_attempt_at timestamptz,
  last_attempt_at timestamptz,
  response_status integer,
  response_body text,
  last_error text,
  duration_ms integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id, created_at DESC, id DESC);
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO alliance_app;
ALTER TABLE webhook_deliveries ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON webhook_deliveries USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
