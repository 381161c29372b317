-- The one catalog of events (src/core/events.ts). A feature emits an event in the transaction of the change
-- that causes it: the `events` row is the outbox (rolled back with the change, never lost after a commit),
-- the in-app notifications and the emails of that event are written in the same transaction, and webhook
-- deliveries are made from the row afterwards by a job (decision 018).

CREATE TABLE events (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  payload jsonb NOT NULL,
  -- The partner company whose users are in the audience: the only partner whose webhooks may receive it.
  partner_id uuid REFERENCES partners(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- When the webhook deliveries of the event were made (NULL: still to do).
  dispatched_at timestamptz
);
CREATE INDEX events_undispatched ON events (created_at, id) WHERE dispatched_at IS NULL;
CREATE INDEX events_created ON events (created_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON events TO alliance_app;
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
-- Any transaction may emit (a partner user registering a deal); only internal staff and the system read them.
CREATE POLICY emit ON events FOR INSERT WITH CHECK (true);
CREATE POLICY internal_read ON events FOR SELECT USING ((SELECT app_internal()));
CREATE POLICY internal_update ON events FOR UPDATE USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
CREATE POLICY internal_delete ON events FOR DELETE USING ((SELECT app_internal()));

-- The system (jobs: retention, digest) runs internal with no user; every signed-in user only with their own id.
CREATE FUNCTION app_is_system() RETURNS boolean LANGUAGE sql STABLE AS
  $$ SELECT app_internal() AND app_user_id() IS NULL $$;

CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  event_id uuid NOT NULL,
  type text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  link text,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  -- Waiting for the user's daily digest email.
  digest_pending boolean NOT NULL DEFAULT false,
  UNIQUE (event_id, user_id)
);
CREATE INDEX notifications_user ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_digest ON notifications (user_id) WHERE digest_pending;
CREATE INDEX notifications_created ON notifications (created_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON notifications TO alliance_app;
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
-- Emitting writes notifications for other users; a user reads and marks only their own (staff included).
CREATE POLICY notify ON notifications FOR INSERT WITH CHECK (true);
CREATE POLICY own_read ON notifications FOR SELECT USING (user_id = (SELECT app_user_id()) OR (SELECT app_is_system()));
CREATE POLICY own_update ON notifications FOR UPDATE USING (user_id = (SELECT app_user_id()) OR (SELECT app_is_system()))
  WITH CHECK (user_id = (SELECT app_user_id()) OR (SELECT app_is_system()));
CREATE POLICY system_delete ON notifications FOR DELETE USING ((SELECT app_is_system()));

CREATE TABLE notification_preferences (
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  event_type text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('in_app', 'email', 'both', 'digest', 'none')),
  PRIMARY KEY (user_id, event_type)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON notification_preferences TO alliance_app;
ALTER TABLE notification_preferences ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON notification_preferences USING (user_id = (SELECT app_user_id()) OR (SELECT app_is_system()))
  WITH CHECK (user_id = (SELECT app_user_id()) OR (SELECT app_is_system()));

-- A partner admin's defaults for its company's users (a user's own choice wins).
CREATE TABLE notification_defaults (
  partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  event_type text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('in_app', 'email', 'both', 'digest', 'none')),
  PRIMARY KEY (partner_id, event_type)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON notification_defaults TO alliance_app;
ALTER TABLE notification_defaults ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_company ON notification_defaults USING (partner_id = (SELECT app_partner_id()) OR (SELECT app_internal()))
  WITH CHECK (partner_id = (SELECT app_partner_id()) OR (SELECT app_internal()));

-- The audience of an event as users with their chosen channel (their own, else their company's default;
-- NULL: the catalog's default for their role). It runs with its owner's rights because the emitting
-- transaction belongs to whoever made the change (a partner user registering a deal notifies the
-- reviewer) and may not read other users' preferences. Only the emit path calls it.
CREATE FUNCTION notification_audience(p_type text, p_partner uuid, p_partner_roles text[], p_roles text[], p_users uuid[])
RETURNS TABLE (user_id uuid, email text, role text, partner_id uuid, channel text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT u.id, u.email::text, u.role, u.partner_id, coalesce(p.channel, d.channel)
  FROM users u
  LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.event_type = p_type
  LEFT JOIN notification_defaults d ON d.partner_id = u.partner_id AND d.event_type = p_type
  WHERE u.status <> 'deactivated' AND (
    (p_partner IS NOT NULL AND u.partner_id = p_partner AND (p_partner_roles IS NULL OR u.role = ANY (p_partner_roles)))
    OR (u.partner_id IS NULL AND u.role = ANY (coalesce(p_roles, '{}')))
    OR (u.id = ANY (coalesce(p_users, '{}')) AND (u.partner_id IS NULL OR u.partner_id = p_partner))
  )
  ORDER BY u.email
$$;
REVOKE ALL ON FUNCTION notification_audience(text, uuid, text[], text[], uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION notification_audience(text, uuid, text[], text[], uuid[]) TO alliance_app;
GRANT EXECUTE ON FUNCTION app_is_system() TO alliance_app;
