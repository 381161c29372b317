-- Foundation: the application role, tenancy helpers, identity, partners, audit.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS citext;

DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'alliance_app') THEN
    CREATE ROLE alliance_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END $$;
GRANT alliance_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO alliance_app;

-- Tenancy settings are set per transaction (SET LOCAL) by the application.
CREATE FUNCTION app_internal() RETURNS boolean LANGUAGE sql STABLE AS
  $$ SELECT coalesce(current_setting('app.internal', true), '') = 'on' $$;
CREATE FUNCTION app_partner_id() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('app.partner_id', true), '')::uuid $$;
CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$;

CREATE TABLE partners (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  legal_name text NOT NULL CHECK (length(legal_name) BETWEEN 1 AND 200),
  aliases text[] NOT NULL DEFAULT '{}',
  website text,
  domain text,
  headquarters_country char(2) NOT NULL,
  countries text[] NOT NULL DEFAULT '{}',
  type text NOT NULL CHECK (type IN ('oem', 'service', 'both')),
  services text[] NOT NULL DEFAULT '{}',
  gtm_categories text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'prospect' CHECK (status IN ('prospect', 'onboarding', 'active', 'suspended', 'exited')),
  tier text CHECK (tier IN ('strategic', 'advantage', 'select', 'approved')),
  partner_manager_id uuid,
  partner_ops_id uuid,
  sponsor_id uuid,
  search_text text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partners_search_trgm ON partners USING gin (search_text gin_trgm_ops);
CREATE INDEX partners_name ON partners (lower(legal_name), id);
CREATE INDEX partners_manager ON partners (partner_manager_id);
CREATE UNIQUE INDEX partners_domain ON partners (lower(domain)) WHERE domain IS NOT NULL;

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email citext NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('invited', 'active', 'deactivated')),
  partner_id uuid REFERENCES partners(id),
  password_hash text,
  invite_hash text UNIQUE,
  invite_expires_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role IN ('partner_admin', 'partner_user')) = (partner_id IS NOT NULL))
);
CREATE INDEX users_partner ON users (partner_id);
ALTER TABLE partners ADD FOREIGN KEY (partner_manager_id) REFERENCES users(id);
ALTER TABLE partners ADD FOREIGN KEY (partner_ops_id) REFERENCES users(id);
ALTER TABLE partners ADD FOREIGN KEY (sponsor_id) REFERENCES users(id);

CREATE TABLE partner_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  name text NOT NULL,
  title text,
  email text,
  phone text,
  role text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partner_contacts_partner ON partner_contacts (partner_id);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id),
  name text NOT NULL,
  prefix text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  email citext NOT NULL,
  address text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_email ON login_failures (email, failed_at);
CREATE INDEX login_failures_address ON login_failures (address, failed_at);

-- Append-only, hash-chained audit log.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor_id uuid,
  actor_label text NOT NULL,
  request_id text,
  entity text NOT NULL,
  entity_id text NOT NULL,
  action text NOT NULL,
  partner_id uuid,
  before jsonb,
  after jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_partner ON audit_log (partner_id, id);

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- The canonical text of a row that its hash covers; verification recomputes it the same way.
CREATE FUNCTION audit_payload(a audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
    'id', a.id, 'at', (extract(epoch FROM a.at) * 1000000)::bigint, 'actorId', a.actor_id,
    'actorLabel', a.actor_label, 'requestId', a.request_id, 'entity', a.entity, 'entityId', a.entity_id,
    'action', a.action, 'partnerId', a.partner_id, 'before', a.before, 'after', a.after)::text
$$;

-- Appends under a lock so the chain is linear; SECURITY DEFINER because a partner user's write
-- must link to the previous row even when row-level security hides it from them.
CREATE FUNCTION audit_append(p_actor_id uuid, p_actor_label text, p_request_id text, p_entity text,
  p_entity_id text, p_action text, p_partner_id uuid, p_before jsonb, p_after jsonb)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  r audit_log;
  prev text;
BEGIN
  PERFORM pg_advisory_xact_lock(73110);
  SELECT hash INTO prev FROM audit_log ORDER BY id DESC LIMIT 1;
  r.id := nextval('audit_log_id_seq');
  r.at := now();
  r.actor_id := p_actor_id; r.actor_label := p_actor_label; r.request_id := p_request_id;
  r.entity := p_entity; r.entity_id := p_entity_id; r.action := p_action; r.partner_id := p_partner_id;
  r.before := p_before; r.after := p_after;
  r.prev_hash := coalesce(prev, repeat('0', 64));
  r.hash := encode(sha256(convert_to(r.prev_hash || audit_payload(r), 'UTF8')), 'hex');
  INSERT INTO audit_log SELECT r.*;
  RETURN r.id;
END $$;

-- Authentication lookups happen before the tenant is known, so they bypass RLS in a narrow,
-- read-only way: by token hash or email only.
CREATE FUNCTION auth_session(p_token_hash text)
RETURNS TABLE (user_id uuid, email text, name text, role text, status text, partner_id uuid, csrf_token text, expires_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.id, u.email::text, u.name, u.role, u.status, u.partner_id, s.csrf_token, s.expires_at
  FROM sessions s JOIN users u ON u.id = s.user_id
  WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active'
$$;
CREATE FUNCTION auth_token(p_token_hash text)
RETURNS TABLE (user_id uuid, email text, name text, role text, status text, partner_id uuid, token_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.id, u.email::text, u.name, u.role, u.status, u.partner_id, t.id
  FROM api_tokens t JOIN users u ON u.id = t.user_id
  WHERE t.token_hash = p_token_hash AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
    AND u.status = 'active'
$$;
CREATE FUNCTION auth_invitation(p_invite_hash text)
RETURNS TABLE (user_id uuid, role text, partner_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.id, u.role, u.partner_id FROM users u
  WHERE u.invite_hash = p_invite_hash AND u.invite_expires_at > now() AND u.status = 'invited'
$$;
CREATE FUNCTION auth_user_by_email(p_email text)
RETURNS TABLE (user_id uuid, role text, status text, partner_id uuid, password_hash text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.id, u.role, u.status, u.partner_id, u.password_hash FROM users u WHERE u.email = p_email::citext
$$;

-- Grants: the application role reads and writes data, never owns it; audit rows are insert-only.
GRANT SELECT, INSERT, UPDATE, DELETE ON partners, partner_contacts, users, sessions, api_tokens, login_failures TO alliance_app;
GRANT SELECT ON audit_log TO alliance_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO alliance_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO alliance_app;

-- Row-level security on every table holding partner-owned rows. The settings are read in
-- sub-selects so PostgreSQL evaluates them once per query (not per row) and can still use indexes.
ALTER TABLE partners ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON partners USING ((SELECT app_internal()) OR id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR id = (SELECT app_partner_id()));
ALTER TABLE partner_contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON partner_contacts USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON users
  USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()) OR id = (SELECT app_user_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON audit_log FOR SELECT USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON sessions USING ((SELECT app_internal()) OR user_id = (SELECT app_user_id()));
ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON api_tokens USING ((SELECT app_internal()) OR user_id = (SELECT app_user_id()));

-- Partners see the names of the integrator's staff assigned to them, never other partners' users.
CREATE FUNCTION staff_directory(p_ids uuid[])
RETURNS TABLE (id uuid, name text, email text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT u.id, u.name, u.email::text FROM users u WHERE u.id = ANY(p_ids) AND u.partner_id IS NULL
$$;
GRANT EXECUTE ON FUNCTION staff_directory(uuid[]) TO alliance_app;
