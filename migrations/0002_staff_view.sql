-- The integrator's staff (users without a partner), readable by every signed-in user: partners see
-- who manages them. The view runs with its owner's rights, so partner users' rows stay behind RLS.
CREATE VIEW staff AS SELECT id, name, email::text AS email FROM users WHERE partner_id IS NULL;
GRANT SELECT ON staff TO alliance_app;
REVOKE EXECUTE ON FUNCTION staff_directory(uuid[]) FROM alliance_app;
DROP FUNCTION staff_directory(uuid[]);
