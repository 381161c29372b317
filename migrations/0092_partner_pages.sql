-- Partner pages (decision 025): the partner admin edits a draft and submits it; marketing approves it, and the
-- approved version (`published`) is what the public directory shows, with only the fields meant to be public.

CREATE TABLE partner_pages (
  partner_id uuid PRIMARY KEY REFERENCES partners(id),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  solutions text[] NOT NULL DEFAULT '{}' CHECK (cardinality(solutions) <= 30),
  website text CHECK (website ~ '^https?://' AND length(website) <= 500),
  contact_email text CHECK (length(contact_email) <= 320),
  -- Enhanced content, for JAM members only.
  case_studies jsonb NOT NULL DEFAULT '[]',
  featured_solutions text[] NOT NULL DEFAULT '{}',
  call_to_action jsonb,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted', 'approved', 'rejected')),
  review_note text CHECK (length(review_note) <= 1000),
  reviewed_by uuid REFERENCES users(id),
  reviewed_at timestamptz,
  -- The approved page as the directory shows it (public fields only), and when it was approved.
  published jsonb,
  published_at timestamptz,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX partner_pages_published ON partner_pages (partner_id) WHERE published IS NOT NULL;

GRANT SELECT, INSERT, UPDATE ON partner_pages TO alliance_app;
ALTER TABLE partner_pages ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON partner_pages USING ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()))
  WITH CHECK ((SELECT app_internal()) OR partner_id = (SELECT app_partner_id()));

-- The public directory: approved pages of active partners with a tier, by name, with the fields meant to be
-- public and nothing else (no ids of staff, no contacts, no aliases, no services, no figures). Visitors are not
-- signed in, so it runs with its owner's rights and is the only way they read partners.
CREATE FUNCTION public_partner_directory(p_tier text, p_q text, p_country text, p_solution text, p_after_name text, p_after_id uuid, p_limit integer)
RETURNS TABLE (id uuid, name text, tier text, countries text[], description text, solutions text[], website text,
  contact_email text, enhanced boolean, case_studies jsonb, featured_solutions text[], call_to_action jsonb)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT p.id, p.legal_name, p.tier, p.countries, pg.published->>'description',
    ARRAY(SELECT jsonb_array_elements_text(pg.published->'solutions')), pg.published->>'website', pg.published->>'contactEmail',
    m.id IS NOT NULL,
    CASE WHEN m.id IS NOT NULL THEN coalesce(pg.published->'caseStudies', '[]') ELSE '[]' END,
    CASE WHEN m.id IS NOT NULL THEN ARRAY(SELECT jsonb_array_elements_text(coalesce(pg.published->'featuredSolutions', '[]'))) ELSE '{}' END,
    CASE WHEN m.id IS NOT NULL THEN pg.published->'callToAction' END
  FROM partner_pages pg
  JOIN partners p ON p.id = pg.partner_id
  LEFT JOIN LATERAL (SELECT mm.id FROM marketing_memberships mm WHERE mm.partner_id = p.id AND mm.program = 'jam' AND mm.status = 'active'
    AND current_date BETWEEN mm.starts_on AND mm.ends_on LIMIT 1) m ON true
  WHERE pg.published IS NOT NULL AND p.status = 'active' AND p.tier IS NOT NULL
    AND (p_tier IS NULL OR p.tier = p_tier)
    AND (p_country IS NULL OR p.headquarters_country = p_country OR p_country = ANY (p.countries))
    AND (p_solution IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(pg.published->'solutions') s WHERE lower(s) = lower(p_solution)))
    AND (p_q IS NULL OR p.legal_name ILIKE '%' || p_q || '%' OR (pg.published->>'description') ILIKE '%' || p_q || '%')
    AND (p_after_name IS NULL OR (lower(p.legal_name), p.id) > (lower(p_after_name), p_after_id))
  ORDER BY lower(p.legal_name), p.id
  LIMIT p_limit
$$;
REVOKE ALL ON FUNCTION public_partner_directory(text, text, text, text, text, uuid, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public_partner_directory(text, text, text, text, text, uuid, integer) TO alliance_app;
