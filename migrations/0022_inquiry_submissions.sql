-- A Contact Us submission merged into an earlier inquiry (same email and company within a day) gets a
-- reference of its own: the visitor checks their status with it, and nothing of the earlier inquiry (its
-- reference, status at the time, notes) is ever shown through it.
CREATE TABLE inquiry_submissions (
  reference text PRIMARY KEY,
  inquiry_id uuid NOT NULL REFERENCES inquiries(id),
  email citext NOT NULL,
  company text NOT NULL,
  -- The inquiry's status when this submission was merged: until the team moves it, this submission shows "Received".
  status_at_submit text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX inquiry_submissions_inquiry ON inquiry_submissions (inquiry_id);
GRANT SELECT, INSERT ON inquiry_submissions TO alliance_app;
ALTER TABLE inquiry_submissions ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON inquiry_submissions USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
