-- A review writes a whole program's recommendations, thousands to a statement. Their per-row foreign-key
-- checks (one lookup and row lock per recommendation, twice) were a quarter of a review's database time;
-- the same references are now checked once per statement, against the statement's new rows.
ALTER TABLE review_recommendations
  DROP CONSTRAINT review_recommendations_cycle_id_fkey,
  DROP CONSTRAINT review_recommendations_partner_id_fkey;

CREATE FUNCTION review_recommendations_check_references() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM review_cycles c WHERE c.id = n.cycle_id)) THEN
    RAISE EXCEPTION 'A review recommendation names an unknown review cycle' USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM partners p WHERE p.id = n.partner_id)) THEN
    RAISE EXCEPTION 'A review recommendation names an unknown partner' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER review_recommendations_references AFTER INSERT ON review_recommendations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION review_recommendations_check_references();

-- The other side of the references. Partners are archived, never deleted: the application may not delete
-- them at all (nothing did; their tier history is kept forever), so no review can race a deletion. A cycle
-- deleted by the owner takes its recommendations with it, as the cascade did.
REVOKE DELETE ON partners FROM alliance_app;

CREATE FUNCTION review_cycles_delete_recommendations() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  DELETE FROM review_recommendations r USING old_rows o WHERE r.cycle_id = o.id;
  RETURN NULL;
END $$;
CREATE TRIGGER review_cycles_cascade AFTER DELETE ON review_cycles
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION review_cycles_delete_recommendations();

CREATE FUNCTION partners_refuse_delete_reviewed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM review_recommendations r JOIN old_rows o ON o.id = r.partner_id) THEN
    RAISE EXCEPTION 'A reviewed partner cannot be deleted' USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER partners_reviewed AFTER DELETE ON partners
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION partners_refuse_delete_reviewed();
