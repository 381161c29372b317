-- A hash of each recommendation's content, so a re-evaluation sends and writes only what changed.
ALTER TABLE review_recommendations ADD COLUMN content_hash text;
