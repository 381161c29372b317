-- The columns of a provider's export, mapped once by a safety user and remembered for the next import.
CREATE TABLE safety_import_mappings (
  provider_key text PRIMARY KEY REFERENCES safety_providers(key),
  mapping jsonb NOT NULL,
  updated_by uuid REFERENCES users(id),
  updated_at timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE ON safety_import_mappings TO alliance_app;
ALTER TABLE safety_import_mappings ENABLE ROW LEVEL SECURITY;
CREATE POLICY internal ON safety_import_mappings USING ((SELECT app_internal())) WITH CHECK ((SELECT app_internal()));
