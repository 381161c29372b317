-- Deal values keep their history (decision 014). Each value a registration had after it was approved is a row;
-- a value counts in the pipeline from the moment it is approved: by the reviewer (approving the registration or
-- a later change beyond the tolerance), or at once when a change stays within the tolerance. A change beyond it
-- waits unapproved, and the quarter-end snapshot keeps using the last approved value.
CREATE TABLE deal_values (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  deal_id uuid NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
  partner_id uuid NOT NULL REFERENCES partners(id),
  value numeric(18,2) NOT NULL CHECK (value >= 0),
  recorded_at timestamptz NOT NULL,
  recorded_by uuid REFERENCES users(id),
  approved_at timestamptz,
  approved_by uuid REFERENCES users(id)
);
CREATE INDEX deal_values_deal ON deal_values (deal_id, approved_at);

-- Registrations approved so far count with their current value from their approval.
INSERT INTO deal_values (deal_id, partner_id, value, recorded_at, recorded_by, approved_at, approved_by)
SELECT id, partner_id, value, decided_at, decided_by, decided_at, decided_by FROM deals
WHERE decided_at IS NOT NULL AND status IN ('approved', 'expired', 'closed');

GRANT SELECT, INSERT ON deal_values TO alliance_app;
ALTER TABLE deal_values ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_read ON deal_values FOR SELECT USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
CREATE POLICY tenant_write ON deal_values FOR INSERT WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));
