-- A partner's email domains: its partner admins may invite addresses of these domains only (staff edit
-- them). Each existing partner starts with its website's domain.
ALTER TABLE partners ADD COLUMN email_domains text[] NOT NULL DEFAULT '{}';
UPDATE partners SET email_domains = ARRAY[lower(domain)] WHERE domain IS NOT NULL AND domain <> '';
