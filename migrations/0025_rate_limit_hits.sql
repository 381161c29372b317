-- One rate limiter for every route that needs one (decision 014): hits per (limit, key) in a sliding window.
-- It replaces the Contact Us form's own attempts table; recent attempts carry over so limits keep holding.
CREATE TABLE rate_limit_hits (
  bucket text NOT NULL,
  key text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rate_limit_hits_key ON rate_limit_hits (bucket, key, at);
CREATE INDEX rate_limit_hits_at ON rate_limit_hits (at);

INSERT INTO rate_limit_hits (bucket, key, at)
SELECT 'inquiry-' || kind || '-address', address, at FROM inquiry_attempts
UNION ALL
SELECT 'inquiry-' || kind || '-email', lower(email::text), at FROM inquiry_attempts WHERE email IS NOT NULL;
DROP TABLE inquiry_attempts;

GRANT SELECT, INSERT, DELETE ON rate_limit_hits TO alliance_app;
ALTER TABLE rate_limit_hits ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON rate_limit_hits USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
