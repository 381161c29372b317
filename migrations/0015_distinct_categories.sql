-- A quarter's solution categories are stored trimmed, once each ignoring case (the first spelling kept), so a
-- year's category count is the latest quarter's array length. Existing quarters are brought in line.
UPDATE partner_metrics m SET gtm_categories = d.categories
FROM (
  SELECT id, array_agg(c ORDER BY o) AS categories FROM (
    SELECT DISTINCT ON (m.id, lower(trim(u.c))) m.id, trim(u.c) AS c, u.o
    FROM partner_metrics m, unnest(m.gtm_categories) WITH ORDINALITY AS u(c, o)
    WHERE trim(u.c) <> ''
    ORDER BY m.id, lower(trim(u.c)), u.o
  ) firsts GROUP BY id
) d
WHERE d.id = m.id AND d.categories <> m.gtm_categories;
