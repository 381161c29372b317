-- Idempotency keys: a retried write with the same key replays the first answer instead of acting twice.
CREATE TABLE idempotency_keys (
  user_id uuid NOT NULL REFERENCES users(id),
  key text NOT NULL,
  request_hash text NOT NULL,
  status integer,
  response text,
  content_type text,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO alliance_app;
ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON idempotency_keys USING ((SELECT app_internal()) OR user_id = (SELECT app_user_id()))
  WITH CHECK ((SELECT app_internal()) OR user_id = (SELECT app_user_id()));
