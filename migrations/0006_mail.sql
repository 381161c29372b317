-- The mail outbox: every message is rendered and stored in the transaction that causes it, and sent
-- after that transaction commits. The row is the truth: a crash or restart loses nothing, because a
-- job sweeps whatever is still due. Failed sends retry with exponential backoff, then stop as failed.

CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY,
  template text NOT NULL,
  recipients text[] NOT NULL CHECK (cardinality(recipients) BETWEEN 1 AND 50),
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text NOT NULL,
  partner_id uuid REFERENCES partners(id),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- When a queued message is next due; a send in progress pushes it out (a lease), so a crash mid-send retries.
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  message_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX mail_outbox_list ON mail_outbox (created_at DESC, id DESC);

GRANT SELECT, INSERT, UPDATE ON mail_outbox TO alliance_app;

-- Any transaction may queue mail (a partner admin inviting a user, a visitor's inquiry); only internal
-- staff (and the system) read or change the outbox. Ids are made by the caller: INSERT ... RETURNING
-- would need read access to the row.
ALTER TABLE mail_outbox ENABLE ROW LEVEL SECURITY;
CREATE POLICY queue ON mail_outbox FOR INSERT WITH CHECK (true);
CREATE POLICY internal_read ON mail_outbox FOR SELECT USING ((SELECT app_internal()));
CREATE POLICY internal_update ON mail_outbox FOR UPDATE USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
