-- A recommendation's evidence becomes columns: the year's figures, quarters and waivers the evaluation
-- read (and the quarters whose pipeline came from registered deals). The explanation (per-criterion table, categories, gaps, summary) is derived from them and the
-- year's guidelines on read, so a review writes small typed rows and a re-run compares them in place.
ALTER TABLE review_recommendations
  ADD COLUMN revenue numeric, ADD COLUMN active_customers integer, ADD COLUMN average_pipeline numeric,
  ADD COLUMN joint_investments numeric, ADD COLUMN rebates numeric, ADD COLUMN marketing_funding numeric,
  ADD COLUMN funded_resources_amount numeric, ADD COLUMN funded_resources_ftes numeric, ADD COLUMN executive_sponsor boolean,
  ADD COLUMN gtm_categories integer, ADD COLUMN quarters integer[], ADD COLUMN unconfirmed_quarters integer[],
  ADD COLUMN waived_keys text[], ADD COLUMN waived_reasons text[], ADD COLUMN pipeline_from_deals integer[] NOT NULL DEFAULT '{}';

UPDATE review_recommendations SET
  revenue = (evidence #>> '{inputs,revenue,amount}')::numeric,
  active_customers = (evidence #>> '{inputs,activeCustomers}')::integer,
  average_pipeline = (evidence #>> '{inputs,averagePipeline,amount}')::numeric,
  joint_investments = (evidence #>> '{inputs,jointInvestments,amount}')::numeric,
  rebates = (evidence #>> '{inputs,rebates,amount}')::numeric,
  marketing_funding = (evidence #>> '{inputs,marketingFunding,amount}')::numeric,
  funded_resources_amount = (evidence #>> '{inputs,fundedResourcesAmount,amount}')::numeric,
  funded_resources_ftes = (evidence #>> '{inputs,fundedResourcesFtes}')::numeric,
  executive_sponsor = (evidence #>> '{inputs,executiveSponsor}')::boolean,
  gtm_categories = (evidence #>> '{inputs,gtmCategories}')::integer,
  quarters = ARRAY(SELECT q::integer FROM jsonb_array_elements_text(evidence -> 'quarters') q),
  unconfirmed_quarters = ARRAY(SELECT q::integer FROM jsonb_array_elements_text(evidence -> 'unconfirmedQuarters') q),
  waived_keys = ARRAY(SELECT w ->> 'key' FROM jsonb_array_elements(evidence -> 'waivers') w ORDER BY w ->> 'key'),
  waived_reasons = ARRAY(SELECT w ->> 'reason' FROM jsonb_array_elements(evidence -> 'waivers') w ORDER BY w ->> 'key');

ALTER TABLE review_recommendations
  ALTER COLUMN revenue SET NOT NULL, ALTER COLUMN active_customers SET NOT NULL, ALTER COLUMN average_pipeline SET NOT NULL,
  ALTER COLUMN joint_investments SET NOT NULL, ALTER COLUMN rebates SET NOT NULL, ALTER COLUMN marketing_funding SET NOT NULL,
  ALTER COLUMN funded_resources_amount SET NOT NULL, ALTER COLUMN funded_resources_ftes SET NOT NULL,
  ALTER COLUMN executive_sponsor SET NOT NULL, ALTER COLUMN gtm_categories SET NOT NULL, ALTER COLUMN quarters SET NOT NULL,
  ALTER COLUMN unconfirmed_quarters SET NOT NULL, ALTER COLUMN waived_keys SET NOT NULL, ALTER COLUMN waived_reasons SET NOT NULL,
  DROP COLUMN evidence, DROP COLUMN summary, DROP COLUMN content_hash;

-- The guidelines version a cycle was last evaluated against: a later edit of the year's thresholds
-- shows the cycle as needing a re-evaluation.
ALTER TABLE review_cycles ADD COLUMN guidelines_version integer;
UPDATE review_cycles c SET guidelines_version = y.version FROM program_years y WHERE y.year = c.year;
