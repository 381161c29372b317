-- The review board lists a cycle's recommendations by the partner's current legal name, read through the
-- partners' name index (partners_name). The copy of the name on each recommendation and the board's own
-- index on it go: that index was about a third of what writing a review costs the database, and a
-- partner renamed during a review now shows under its new name.
DROP INDEX review_recommendations_board;
ALTER TABLE review_recommendations DROP COLUMN legal_name;
