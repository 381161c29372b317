-- Secrets in mail (invitation links, and any template field declared secret) are never stored in the
-- outbox's bodies, which staff may read: the bodies hold a placeholder, and the values wait here until the
-- sender puts them into the message at SMTP time. Only the system (no user: app.user_id unset) reads
-- them; any user's transaction, administrators' included, sees no row. They are deleted once sent.
CREATE TABLE mail_secrets (
  mail_id uuid PRIMARY KEY REFERENCES mail_outbox(id) ON DELETE CASCADE,
  secret_values jsonb NOT NULL
);
GRANT SELECT, INSERT, DELETE ON mail_secrets TO alliance_app;
ALTER TABLE mail_secrets ENABLE ROW LEVEL SECURITY;
CREATE POLICY queue ON mail_secrets FOR INSERT WITH CHECK (true);
CREATE POLICY sender_read ON mail_secrets FOR SELECT USING ((SELECT app_internal()) AND (SELECT app_user_id()) IS NULL);
CREATE POLICY sender_delete ON mail_secrets FOR DELETE USING ((SELECT app_internal()) AND (SELECT app_user_id()) IS NULL);

-- Invitations already in the outbox: an unsent one keeps its link here for the sender; every body
-- (sent or not) keeps only the placeholder.
INSERT INTO mail_secrets (mail_id, secret_values)
SELECT id, jsonb_build_object('url', substring(text_body FROM '(https?://[^[:space:]]*/accept-invitation\?token=[A-Za-z0-9_%-]+)'))
  FROM mail_outbox
 WHERE status <> 'sent' AND text_body ~ 'https?://[^[:space:]]*/accept-invitation\?token=[A-Za-z0-9_%-]+';
UPDATE mail_outbox
   SET text_body = regexp_replace(text_body, 'https?://[^[:space:]"<]*/accept-invitation\?token=[A-Za-z0-9_%-]+', '⟦url: sent only to the recipient⟧', 'g'),
       html_body = regexp_replace(html_body, 'https?://[^[:space:]"<]*/accept-invitation\?token=[A-Za-z0-9_%-]+', '⟦url: sent only to the recipient⟧', 'g')
 WHERE text_body ~ 'accept-invitation\?token=' OR html_body ~ 'accept-invitation\?token=';
