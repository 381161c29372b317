-- Sign-in throttling without lockout (decision 013): the addresses each account has signed in from. An
-- account at a known address is never held back by failures that others cause elsewhere or that a
-- neighbour behind the same address causes on other accounts; only its own failures there count.
CREATE TABLE login_known (
  email citext NOT NULL,
  address text NOT NULL,
  last_success_at timestamptz NOT NULL,
  PRIMARY KEY (email, address)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON login_known TO alliance_app;
CREATE INDEX login_failures_pair ON login_failures (email, address, failed_at);
