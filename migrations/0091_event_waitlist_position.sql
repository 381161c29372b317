-- A registration's place on its event's waitlist (1 is next), counted over every company's registrations
-- with its owner's rights; the caller learns a number, nothing about the others.
CREATE FUNCTION community_event_waitlist_position(p_registration uuid) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT count(*)::int FROM community_event_registrations w JOIN community_event_registrations r ON r.id = p_registration
  WHERE r.status = 'waitlisted' AND w.event_id = r.event_id AND w.status = 'waitlisted' AND w.position <= r.position
$$;
REVOKE ALL ON FUNCTION community_event_waitlist_position(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION community_event_waitlist_position(uuid) TO alliance_app;
