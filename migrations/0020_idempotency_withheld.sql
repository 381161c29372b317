-- Answers that carry a secret shown once (API tokens) are never kept for an Idempotency-Key replay:
-- the key still guards against acting twice, and `withheld` says its answer was not stored.
ALTER TABLE idempotency_keys ADD COLUMN withheld boolean NOT NULL DEFAULT false;
-- Forget the secrets kept so far: token and invitation answers stored before this rule.
UPDATE idempotency_keys SET response = NULL, content_type = NULL, withheld = true
 WHERE response LIKE '%"token":"alt\_%' OR response LIKE '%inv\_%';
