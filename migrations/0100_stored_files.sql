-- Uploaded documents' bytes in the database (on PostgreSQL), addressed by their SHA-256 and kept once however often
-- they are uploaded, so every server reads them (decision 027). Only the owner connection reads and writes them: the
-- application role has no grant, and a document is reached only through its row (agreement_documents,
-- safety_evidence), which row-level security guards.
CREATE TABLE stored_files (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size integer NOT NULL CHECK (size >= 0),
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (octet_length(content) = size)
);
-- The bytes are stored as they come (PDFs and images are compressed already).
ALTER TABLE stored_files ALTER COLUMN content SET STORAGE EXTERNAL;
