-- "Limited" MDF management & tracking made concrete (decisions 005 and 024): the partner sees its balances,
-- requests and claims; one request may ask for at most 25 % of the year's allocation.
UPDATE program_benefit_levels
SET meaning = 'Balances, requests and claims visible; one MDF request may ask for at most 25% of the year''s allocation.'
WHERE benefit_key = 'mdfTracking' AND level = 'limited'
  AND meaning = 'MDF balance and claims reported quarterly; no live fund tracking or pre-approval workflow.';
