-- Marketing and community (decision 025): the invitation-only JAM and JEM programs, their campaigns, and
-- events (ad hoc and program events such as the partner symposium) with an audience, an agenda,
-- registrations under a capacity enforced here, a waitlist promoted in order, attendance, materials and
-- feedback.

-- A partner's membership of JAM (joint advertising & marketing) or JEM (joint event marketing): invited by
-- marketing, accepted or declined by the partner admin, for a period, ended early by marketing if need be.
CREATE TABLE marketing_memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  program text NOT NULL CHECK (program IN ('jam', 'jem')),
  partner_id uuid NOT NULL REFERENCES partners(id),
  status text NOT NULL CHECK (status IN ('invited', 'active', 'declined', 'withdrawn', 'ended')),
  message text CHECK (length(message) <= 2000),
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  invited_by uuid REFERENCES users(id),
  invited_at timestamptz NOT NULL,
  responded_by uuid REFERENCES users(id),
  responded_at timestamptz,
  decline_reason text CHECK (length(decline_reason) <= 1000),
  ended_by uuid REFERENCES users(id),
  ended_at timestamptz,
  end_reason text CHECK (length(end_reason) <= 1000),
  version integer NOT NULL DEFAULT 1
);
-- One open invitation or membership per partner and program.
CREATE UNIQUE INDEX marketing_memberships_open ON marketing_memberships (partner_id, program) WHERE status IN ('invited', 'active');

-- Campaigns and joint events run in a program; the MDF request they draw on is a reference until the
-- funds feature exists.
CREATE TABLE marketing_campaigns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  membership_id uuid NOT NULL REFERENCES marketing_memberships(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  kind text NOT NULL CHECK (kind IN ('campaign', 'joint_event')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  starts_on date,
  ends_on date CHECK (ends_on >= starts_on),
  mdf_reference text CHECK (mdf_reference ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$'),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX marketing_campaigns_membership ON marketing_campaigns (membership_id);

-- Events. An empty audience list does not restrict; see community_event_in_audience.
CREATE TABLE community_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('ad_hoc', 'program')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 10000),
  format text NOT NULL CHECK (format IN ('virtual', 'on_site')),
  location text CHECK (length(location) <= 500),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  time_zone text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
  -- Seats taken, kept by the registrations' trigger: the database never lets it pass the capacity.
  registered_count integer NOT NULL DEFAULT 0 CHECK (registered_count >= 0 AND registered_count <= capacity),
  audience_tiers text[] NOT NULL DEFAULT '{}',
  audience_types text[] NOT NULL DEFAULT '{}',
  audience_countries text[] NOT NULL DEFAULT '{}',
  audience_partner_ids uuid[] NOT NULL DEFAULT '{}',
  membership_id uuid REFERENCES marketing_memberships(id),
  mdf_reference text CHECK (mdf_reference ~ '^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$'),
  status text NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'cancelled')),
  -- The iCalendar SEQUENCE: raised whenever the time or place changes, so calendars replace the invitation.
  sequence integer NOT NULL DEFAULT 0,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX community_events_starts ON community_events (starts_at, id);

CREATE TABLE community_event_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES community_events(id) ON DELETE CASCADE,
  position integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('presentation', 'qa', 'panel', 'break')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  starts_at timestamptz,
  ends_at timestamptz CHECK (ends_at > starts_at),
  speakers jsonb NOT NULL DEFAULT '[]',
  UNIQUE (event_id, position)
);

CREATE TABLE community_event_registrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES community_events(id),
  user_id uuid NOT NULL REFERENCES users(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  status text NOT NULL CHECK (status IN ('registered', 'waitlisted', 'cancelled')),
  -- The order of arrival: the waitlist is promoted by it.
  position bigint GENERATED ALWAYS AS IDENTITY,
  registered_at timestamptz NOT NULL,
  promoted_at timestamptz,
  cancelled_at timestamptz,
  attended boolean NOT NULL DEFAULT false,
  attendance_source text CHECK (attendance_source IN ('manual', 'import')),
  attended_minutes integer CHECK (attended_minutes BETWEEN 0 AND 100000)
);
CREATE UNIQUE INDEX community_event_registrations_once ON community_event_registrations (event_id, user_id) WHERE status <> 'cancelled';
CREATE INDEX community_event_registrations_queue ON community_event_registrations (event_id, status, position);

-- Materials (decks, video links) attendees see once the event has ended.
CREATE TABLE community_event_materials (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES community_events(id),
  kind text NOT NULL CHECK (kind IN ('deck', 'video', 'link')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  url text NOT NULL CHECK (url ~ '^https?://' AND length(url) <= 2000),
  published_at timestamptz NOT NULL,
  created_by uuid REFERENCES users(id)
);

-- The survey after the event: one answer per attendee.
CREATE TABLE community_event_feedback (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES community_events(id),
  user_id uuid NOT NULL REFERENCES users(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  rating integer NOT NULL CHECK (rating BETWEEN 1 AND 5),
  content_rating integer CHECK (content_rating BETWEEN 1 AND 5),
  comment text CHECK (length(comment) <= 2000),
  quote_allowed boolean NOT NULL DEFAULT false,
  submitted_at timestamptz NOT NULL,
  UNIQUE (event_id, user_id)
);

-- The outbox carries an iCalendar part for messages that invite to (or update) an event.
ALTER TABLE mail_outbox ADD COLUMN calendar text;

-- Keeps the seat count; runs with its owner's rights because a partner user's registration moves a
-- counter on the event, which partners cannot update. The CHECK on registered_count refuses a seat past
-- the capacity, whatever the caller did before (concurrent registrations wait on the event row).
CREATE FUNCTION community_event_seat_count() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  delta integer := (NEW.status = 'registered')::int - (TG_OP = 'UPDATE' AND OLD.status = 'registered')::int;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.event_id <> OLD.event_id THEN
    RAISE EXCEPTION 'a registration does not move to another event';
  END IF;
  IF delta <> 0 THEN
    UPDATE community_events SET registered_count = registered_count + delta WHERE id = NEW.event_id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER community_event_seat_count AFTER INSERT OR UPDATE OF status, event_id ON community_event_registrations
  FOR EACH ROW EXECUTE FUNCTION community_event_seat_count();

-- Locks the event for a registration decision and answers its capacity and seats taken (partners may not
-- lock rows they cannot update).
CREATE FUNCTION community_event_lock(p_event uuid) RETURNS TABLE (capacity integer, registered_count integer)
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT capacity, registered_count FROM community_events WHERE id = p_event FOR UPDATE
$$;

-- Promotes the waitlist in order of arrival while seats are free; answers who was promoted (their
-- address, for the confirmation). Owner's rights: the waitlisted may belong to other companies.
CREATE FUNCTION community_event_promote(p_event uuid, p_at timestamptz)
RETURNS TABLE (registration_id uuid, user_id uuid, partner_id uuid, email text, name text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  free integer;
  r record;
BEGIN
  SELECT e.capacity - e.registered_count INTO free FROM community_events e WHERE e.id = p_event FOR UPDATE;
  FOR r IN
    SELECT g.id, g.user_id, g.partner_id, u.email::text AS email, u.name FROM community_event_registrations g JOIN users u ON u.id = g.user_id
    WHERE g.event_id = p_event AND g.status = 'waitlisted' ORDER BY g.position LIMIT greatest(free, 0)
  LOOP
    UPDATE community_event_registrations SET status = 'registered', promoted_at = p_at WHERE id = r.id;
    registration_id := r.id; user_id := r.user_id; partner_id := r.partner_id; email := r.email; name := r.name;
    RETURN NEXT;
  END LOOP;
END $$;

-- Everyone registered for an event (also other companies'), for the update sent when its time changes.
CREATE FUNCTION community_event_registrants(p_event uuid) RETURNS TABLE (partner_id uuid, email text, name text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT g.partner_id, u.email::text, u.name FROM community_event_registrations g JOIN users u ON u.id = g.user_id
  WHERE g.event_id = p_event AND g.status = 'registered' AND u.status <> 'deactivated' ORDER BY u.email
$$;

-- Whether a partner is in an event's audience: explicitly invited, or matching every audience list that
-- is set; an event with no list set is open to all partners, one with only invited partners to them alone.
CREATE FUNCTION community_event_in_audience(e community_events, p partners) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT p.id = ANY (e.audience_partner_ids) OR (
    (cardinality(e.audience_tiers) + cardinality(e.audience_types) + cardinality(e.audience_countries) > 0
      OR cardinality(e.audience_partner_ids) = 0)
    AND (cardinality(e.audience_tiers) = 0 OR p.tier = ANY (e.audience_tiers))
    AND (cardinality(e.audience_types) = 0 OR p.type = ANY (e.audience_types) OR (p.type = 'both' AND e.audience_types && '{oem,service}'))
    AND (cardinality(e.audience_countries) = 0 OR p.headquarters_country = ANY (e.audience_countries) OR p.countries && e.audience_countries))
$$;

REVOKE ALL ON FUNCTION community_event_lock(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION community_event_promote(uuid, timestamptz) FROM PUBLIC;
REVOKE ALL ON FUNCTION community_event_registrants(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION community_event_lock(uuid) TO alliance_app;
GRANT EXECUTE ON FUNCTION community_event_promote(uuid, timestamptz) TO alliance_app;
GRANT EXECUTE ON FUNCTION community_event_registrants(uuid) TO alliance_app;
GRANT EXECUTE ON FUNCTION community_event_in_audience(community_events, partners) TO alliance_app;

GRANT SELECT, INSERT, UPDATE ON marketing_memberships, marketing_campaigns TO alliance_app;
GRANT SELECT, INSERT, UPDATE ON community_events, community_event_sessions, community_event_materials TO alliance_app;
GRANT DELETE ON community_event_sessions, community_event_materials TO alliance_app;
GRANT SELECT, INSERT, UPDATE ON community_event_registrations, community_event_feedback TO alliance_app;

-- Partners read their own company's memberships, campaigns, registrations and feedback only. Events,
-- sessions and materials are the program's own content; the services choose which events a partner sees
-- (its audience) and which fields (never the invited list), and only marketing writes them.
ALTER TABLE marketing_memberships ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON marketing_memberships USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE marketing_campaigns ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON marketing_campaigns USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
ALTER TABLE community_event_registrations ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON community_event_registrations USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE community_event_feedback ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON community_event_feedback USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
ALTER TABLE community_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON community_events FOR SELECT USING (true);
CREATE POLICY internal_write ON community_events FOR INSERT WITH CHECK ((SELECT app_internal()));
CREATE POLICY internal_update ON community_events FOR UPDATE USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
