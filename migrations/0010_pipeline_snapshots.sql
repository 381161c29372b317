-- The open approved pipeline of each partner's registered deals at a quarter end, taken once the quarter
-- has ended (by the daily job or by hand). Deal values have no history, so the snapshot keeps what the
-- pipeline was when the quarter closed; the tier evaluation's average pipeline takes it over the reported
-- figure of that quarter (decision 010). Written by the system and internal staff only.
CREATE TABLE partner_pipeline_snapshots (
  partner_id uuid NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  quarter integer NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  amount numeric(18,2) NOT NULL CHECK (amount >= 0),
  -- The day the pipeline is as at: the quarter's last day.
  as_of date NOT NULL,
  taken_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partner_id, year, quarter)
);
-- "Is there a snapshot of this quarter yet?" (the daily job).
CREATE INDEX partner_pipeline_snapshots_quarter ON partner_pipeline_snapshots (year, quarter);

GRANT SELECT, INSERT, UPDATE, DELETE ON partner_pipeline_snapshots TO alliance_app;

ALTER TABLE partner_pipeline_snapshots ENABLE ROW LEVEL SECURITY;
-- A partner's users read their own company's snapshots; only internal staff and the system write.
CREATE POLICY tenant_read ON partner_pipeline_snapshots FOR SELECT
  USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
CREATE POLICY internal_write ON partner_pipeline_snapshots USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
