-- Tier reviews: review cycles over the partners in scope, one recommendation per partner (with the
-- evaluation as evidence), decisions approved by Sales and Alliances, and each partner's tier history,
-- which is kept forever (append-only).

CREATE TABLE review_cycles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  year integer NOT NULL REFERENCES program_years(year),
  kind text NOT NULL CHECK (kind IN ('annual', 'ad_hoc')),
  rule text NOT NULL CHECK (rule IN ('strict', 'holistic')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'finished')),
  -- Ad hoc cycles name their partners; an annual cycle covers active, onboarding and suspended partners.
  scope uuid[] CHECK ((kind = 'ad_hoc') = (scope IS NOT NULL)),
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  evaluated_at timestamptz,
  finished_by uuid REFERENCES users(id),
  finished_at timestamptz
);
-- At most one open annual cycle per year: starting it again re-evaluates it.
CREATE UNIQUE INDEX review_cycles_open_annual ON review_cycles (year) WHERE kind = 'annual' AND status = 'open';

CREATE TABLE review_recommendations (
  cycle_id uuid NOT NULL REFERENCES review_cycles(id) ON DELETE CASCADE,
  partner_id uuid NOT NULL REFERENCES partners(id),
  legal_name text NOT NULL,
  current_tier text CHECK (current_tier IN ('strategic', 'advantage', 'select', 'approved')),
  recommended_tier text CHECK (recommended_tier IN ('strategic', 'advantage', 'select', 'approved')),
  rule text NOT NULL CHECK (rule IN ('strict', 'holistic')),
  movement text NOT NULL CHECK (movement IN ('promote', 'keep', 'demote', 'new')),
  summary text NOT NULL,
  evidence jsonb NOT NULL,
  evaluated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (cycle_id, partner_id)
);
CREATE INDEX review_recommendations_board ON review_recommendations (cycle_id, lower(legal_name), partner_id);

CREATE TABLE review_decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cycle_id uuid NOT NULL REFERENCES review_cycles(id),
  partner_id uuid NOT NULL REFERENCES partners(id),
  recommended_tier text CHECK (recommended_tier IN ('strategic', 'advantage', 'select', 'approved')),
  chosen_tier text CHECK (chosen_tier IN ('strategic', 'advantage', 'select', 'approved')),
  justification text CHECK (length(justification) BETWEEN 1 AND 4000),
  effective_date date NOT NULL,
  -- pending: awaiting approvals; approved: both approvals, effective date still ahead; applied: in force.
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'applied')),
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz NOT NULL DEFAULT now(),
  sales_approved_by uuid REFERENCES users(id),
  sales_approved_at timestamptz,
  alliances_approved_by uuid REFERENCES users(id),
  alliances_approved_at timestamptz,
  applied_at timestamptz,
  UNIQUE (cycle_id, partner_id),
  CHECK (chosen_tier IS NOT DISTINCT FROM recommended_tier OR justification IS NOT NULL),
  CHECK (status = 'pending' OR (sales_approved_by IS NOT NULL AND alliances_approved_by IS NOT NULL))
);
CREATE INDEX review_decisions_due ON review_decisions (effective_date) WHERE status = 'approved';

CREATE TABLE tier_history (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES partners(id),
  from_tier text CHECK (from_tier IN ('strategic', 'advantage', 'select', 'approved')),
  to_tier text CHECK (to_tier IN ('strategic', 'advantage', 'select', 'approved')),
  effective_date date NOT NULL,
  decision_id uuid NOT NULL UNIQUE REFERENCES review_decisions(id),
  decided_by uuid REFERENCES users(id),
  sales_approved_by uuid REFERENCES users(id),
  alliances_approved_by uuid REFERENCES users(id),
  justification text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tier_history_partner ON tier_history (partner_id, effective_date, recorded_at);

-- Tier history is kept forever: no update, delete or truncate, for anyone.
CREATE FUNCTION tier_history_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'tier_history is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER tier_history_immutable BEFORE UPDATE OR DELETE ON tier_history
  FOR EACH ROW EXECUTE FUNCTION tier_history_refuse_change();
CREATE TRIGGER tier_history_no_truncate BEFORE TRUNCATE ON tier_history
  FOR EACH STATEMENT EXECUTE FUNCTION tier_history_refuse_change();

GRANT SELECT, INSERT, UPDATE ON review_cycles, review_recommendations, review_decisions TO alliance_app;
GRANT SELECT, INSERT ON tier_history TO alliance_app;

-- Reviews are the program's internal work: internal staff only. Partners read their own tier history.
ALTER TABLE review_cycles ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON review_cycles USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
ALTER TABLE review_recommendations ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON review_recommendations USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
ALTER TABLE review_decisions ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON review_decisions USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
ALTER TABLE tier_history ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON tier_history USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()));
