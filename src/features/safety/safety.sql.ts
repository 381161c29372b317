/**
 * A partner's safety risk level and program status as SQL, for list queries (the partners list filters and
 * shows them): derived in the query from the partner's services, the risk matrix (matched by its primary key
 * on the folded service name) and any override, never stored. The program status reads the open gap rows,
 * which every safety write re-syncs in its own transaction and the daily job re-syncs for what the date
 * alone changes (decision 022); the gate itself (`safetyClearance`) always reads live data.
 *
 * `partner` is the alias of the partners table; `today` a placeholder holding the UTC date. The result is a
 * lateral join named `sf` with the columns `risk_level` ('high' | 'low') and `program_status`.
 */
export const partnerSafetyJoin = (partner: string, today: string): string => `CROSS JOIN LATERAL (
  SELECT r.level AS risk_level,
    CASE WHEN r.level = 'low' THEN 'not_in_program'
      WHEN EXISTS (SELECT 1 FROM safety_clearance_overrides co WHERE co.partner_id = ${partner}.id AND co.lifted_at IS NULL
        AND co.ends_on >= ${today}::date) THEN 'overridden'
      WHEN EXISTS (SELECT 1 FROM safety_gaps g WHERE g.partner_id = ${partner}.id AND g.closed_at IS NULL
        AND (g.source = 'computed' OR g.severity = 'high')) THEN 'blocked'
      ELSE 'clear' END AS program_status
  FROM (SELECT coalesce(
    (SELECT o.risk_level FROM safety_risk_overrides o WHERE o.partner_id = ${partner}.id AND o.lifted_at IS NULL),
    CASE WHEN EXISTS (SELECT 1 FROM safety_risk_matrix m
      WHERE m.service_key IN (SELECT lower(btrim(s)) FROM unnest(${partner}.services) s) AND m.risk_level = 'high')
    THEN 'high' ELSE 'low' END) AS level) r
) sf`
