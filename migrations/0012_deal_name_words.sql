-- The conflict check finds similar customer names through their distinctive words instead of a trigram
-- index over whole names (decision 009). A trigram index answers `%` by merging the postings of every
-- trigram of the name, and names share many trigrams through the generic words in them ("Systems",
-- "Global", "Logistics"): at a million registrations one check merged hundreds of thousands of postings
-- and re-read about a thousand rows. Now each open registration is listed under the distinctive words of
-- its normalized name, beside the name itself, and a check reads only the registrations listed under its
-- words or words like them (a dictionary of those words has the trigram index). The similarity that decides
-- a match is unchanged: pg_trgm similarity of the whole normalized names, at least NAME_SIMILARITY.

-- Words that do not tell companies apart: corporate and industry words, legal forms (also in the middle of
-- a name) and joining words. A name made only of these keeps all its words.
CREATE FUNCTION customer_name_words(p_key text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(
    nullif(ARRAY(SELECT DISTINCT x FROM unnest(string_to_array(p_key, ' ')) x WHERE x <> '' AND x <> ALL ('{
    and,of,for,the,de,del,der,des,du,la,le,los,las,und,et,y,e,di,da,van,von,inc,incorporated,corp,corporation,llc,
    llp,lp,ltd,limited,gmbh,ag,kg,sa,sas,sarl,spa,srl,bv,nv,plc,pty,co,company,oy,ab,as,kk,se,sl,sro,pte,pvt,group,
    groupe,gruppe,grupo,holding,holdings,international,intl,global,worldwide,world,national,united,american,america,
    americas,europe,european,asia,pacific,north,south,east,west,general,companies,corporate,enterprise,enterprises,
    industries,industry,industrial,associates,partners,partner,ventures,brands,products,services,service,solutions,
    solution,systems,system,technologies,technology,tech,technical,software,networks,network,consulting,consultants,
    management,trading,resources,research,development,innovation,innovations,labs,lab,laboratories,digital,data,
    analytics,cloud,online,interactive,logistics,transport,transportation,shipping,freight,marine,airlines,airways,
    aviation,aerospace,motors,automotive,auto,health,healthcare,medical,pharma,pharmaceutical,pharmaceuticals,
    biotech,bio,biosciences,life,sciences,science,energy,power,electric,oil,gas,petroleum,utilities,water,mining,
    metals,steel,chemicals,chemical,materials,textiles,foods,food,beverages,agri,agro,agriculture,farms,capital,
    finance,financial,bank,banking,insurance,investments,investment,securities,security,retail,stores,media,
    entertainment,studios,publishing,telecom,telecommunications,communications,robotics,semiconductors,electronics,
    devices,instruments,engineering,construction,building,homes,properties,realty,real,estate,packaging,
    manufacturing,foundry,hotels,hospitality,resorts,travel,tours,education,consumer,supply,distribution,design
    }'::text[]) ORDER BY x), '{}'),
    ARRAY(SELECT DISTINCT x FROM unnest(string_to_array(p_key, ' ')) x WHERE x <> '' ORDER BY x))
$$;

-- One row per distinctive word of each open registration (submitted, info_requested, approved), with its
-- normalized name, so that a check computes the similarity from this index alone. Only the owner reads it.
CREATE TABLE deal_name_words (
  word text NOT NULL,
  deal_id uuid NOT NULL,
  customer_key text NOT NULL,
  PRIMARY KEY (word, deal_id) INCLUDE (customer_key)
);
-- Every word ever listed, with the trigram index that finds the words like a misspelt one.
CREATE TABLE customer_name_dictionary (word text PRIMARY KEY);
CREATE INDEX customer_name_dictionary_trgm ON customer_name_dictionary USING gin (word gin_trgm_ops);
ALTER TABLE deal_name_words ENABLE ROW LEVEL SECURITY;
ALTER TABLE customer_name_dictionary ENABLE ROW LEVEL SECURITY;

-- Kept in step with deals by triggers, which run as the owner: a partner user's transaction registers and
-- updates its own deals but cannot read these lists. Inserts are listed once per statement (a bulk load
-- too); a change of name or of open status, and a deletion, row by row.
CREATE FUNCTION deal_name_words_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO deal_name_words (word, deal_id, customer_key)
    SELECT w, n.id, n.customer_key FROM inserted n, unnest(customer_name_words(n.customer_key)) w
    WHERE n.status IN ('submitted', 'info_requested', 'approved');
  INSERT INTO customer_name_dictionary (word)
    SELECT DISTINCT w FROM inserted n, unnest(customer_name_words(n.customer_key)) w
    WHERE n.status IN ('submitted', 'info_requested', 'approved')
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE FUNCTION deal_name_words_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF OLD.status IN ('submitted', 'info_requested', 'approved') THEN
    DELETE FROM deal_name_words WHERE word = ANY (customer_name_words(OLD.customer_key)) AND deal_id = OLD.id;
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.status IN ('submitted', 'info_requested', 'approved') THEN
    INSERT INTO deal_name_words (word, deal_id, customer_key)
      SELECT w, NEW.id, NEW.customer_key FROM unnest(customer_name_words(NEW.customer_key)) w;
    INSERT INTO customer_name_dictionary (word) SELECT unnest(customer_name_words(NEW.customer_key)) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER deal_name_words_insert AFTER INSERT ON deals REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION deal_name_words_inserted();
CREATE TRIGGER deal_name_words_update AFTER UPDATE OF customer_key, status ON deals FOR EACH ROW
  WHEN (OLD.customer_key IS DISTINCT FROM NEW.customer_key
    OR (OLD.status IN ('submitted', 'info_requested', 'approved')) <> (NEW.status IN ('submitted', 'info_requested', 'approved')))
  EXECUTE FUNCTION deal_name_words_changed();
CREATE TRIGGER deal_name_words_delete AFTER DELETE ON deals FOR EACH ROW
  WHEN (OLD.status IN ('submitted', 'info_requested', 'approved')) EXECUTE FUNCTION deal_name_words_changed();

INSERT INTO deal_name_words (word, deal_id, customer_key)
  SELECT w, d.id, d.customer_key FROM deals d, unnest(customer_name_words(d.customer_key)) w
  WHERE d.status IN ('submitted', 'info_requested', 'approved');
INSERT INTO customer_name_dictionary (word) SELECT DISTINCT word FROM deal_name_words;

-- The trigram index over whole names served only the conflict check.
DROP INDEX deals_customer_trgm;

-- Same answer as before (decision 009: other companies' matches carry only the match facts), new search:
-- the registrations listed under a word of the name or a dictionary word like it (pg_trgm similarity of the
-- two words at least 0.4, the `%` threshold set below: a typo anywhere, even across a space, leaves a word
-- that close), whose whole normalized name is at least p_min_similarity similar; and the same domain.
-- A name's generic words are listed only for names made of nothing else, so looking every word of the name
-- up costs little. Names alike mostly through their generic words are not found: distinctive words less
-- alike than that ("Acme Global Systems", "Acne Global Systems"), or a name of generic words only against
-- one with distinctive words ("Global Systems", "Acme Global Systems").
CREATE OR REPLACE FUNCTION deal_conflict_candidates(p_key text, p_domain text, p_lines text[], p_close date, p_exclude uuid, p_min_similarity real)
RETURNS TABLE (deal_id uuid, partner_id uuid, same_partner boolean, similarity real, same_domain boolean, shared_lines text[], close_days integer)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
SET pg_trgm.similarity_threshold = 0.4 AS $$
  WITH c AS (
    SELECT n.deal_id AS id FROM deal_name_words n
    WHERE n.word = ANY (ARRAY(
        SELECT x.word FROM unnest(string_to_array(p_key, ' ')) q(w) JOIN customer_name_dictionary x ON x.word % q.w WHERE q.w <> ''))
      AND similarity(n.customer_key, p_key) >= p_min_similarity
    UNION
    SELECT d.id FROM deals d WHERE p_domain IS NOT NULL AND d.customer_domain = p_domain
  )
  SELECT
    CASE WHEN app_internal() OR m.partner_id = app_partner_id() THEN m.id END,
    CASE WHEN app_internal() OR m.partner_id = app_partner_id() THEN m.partner_id END,
    m.partner_id IS NOT DISTINCT FROM app_partner_id(),
    similarity(m.customer_key, p_key),
    p_domain IS NOT NULL AND m.customer_domain = p_domain,
    ARRAY(SELECT unnest(m.product_lines) INTERSECT SELECT unnest(p_lines) ORDER BY 1),
    abs(m.expected_close - p_close)
  FROM c JOIN deals m ON m.id = c.id
  WHERE m.status IN ('submitted', 'info_requested', 'approved')
    AND m.id IS DISTINCT FROM p_exclude
    AND (similarity(m.customer_key, p_key) >= p_min_similarity OR (p_domain IS NOT NULL AND m.customer_domain = p_domain))
    -- No tenant set: nothing at all.
    AND (app_internal() OR app_partner_id() IS NOT NULL)
$$;
