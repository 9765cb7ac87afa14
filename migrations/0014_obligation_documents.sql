-- Obligation documents (issue 9, item 4): drafts of the reports and notices an incident's obligations call for,
-- each save a new version (who, when), and the CISO's sign-offs (who, when, which version). A sign-off of a
-- document that answers an obligation records the filing, signed off at once (obligation_filings).

CREATE TABLE obligation_documents (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id          uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id     uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  kind            text NOT NULL CHECK (kind IN ('ppc_preliminary', 'ppc_final', 'order_report', 'individual_notice', 'public_announcement', 'gdpr_art33')),
  locale          text NOT NULL CHECK (locale IN ('ja', 'en')),
  -- The obligation the document files (its id in the evaluation), when there is one.
  obligation_id   text CHECK (length(obligation_id) BETWEEN 1 AND 200),
  order_id        uuid REFERENCES regulator_orders(id) ON DELETE SET NULL,
  -- The newest version; saves take the row lock and increment it, so concurrent saves get distinct numbers.
  latest_version  integer NOT NULL DEFAULT 0 CHECK (latest_version >= 0),
  created_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX obligation_documents_incident ON obligation_documents (incident_id, created_at);

-- Versions are never changed: an edit is a new version.
CREATE TABLE obligation_document_versions (
  document_id  uuid NOT NULL REFERENCES obligation_documents(id) ON DELETE CASCADE,
  org_id       uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id  uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  version      integer NOT NULL CHECK (version > 0),
  -- { "title": …, "sections": [{ "id", "heading", "text" }] }
  content      jsonb NOT NULL,
  saved_by     uuid REFERENCES users(id) ON DELETE SET NULL,
  saved_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (document_id, version)
);

-- The CISO's sign-off of one version (a later edit needs a new one); the filing it recorded, if any.
CREATE TABLE obligation_document_signoffs (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id    uuid NOT NULL,
  org_id         uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id    uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  version        integer NOT NULL,
  signed_off_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  signed_off_at  timestamptz NOT NULL DEFAULT now(),
  filing_id      uuid REFERENCES obligation_filings(id) ON DELETE SET NULL,
  FOREIGN KEY (document_id, version) REFERENCES obligation_document_versions (document_id, version) ON DELETE CASCADE,
  UNIQUE (document_id, version)
);

-- Row-level security like obligation_filings: the owner, or a vendor with a live grant (write to change).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['obligation_documents', 'obligation_document_versions', 'obligation_document_signoffs'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO sokuho_app USING (sokuho_incident_visible(org_id, incident_id, ''read''))', t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO sokuho_app WITH CHECK (sokuho_incident_visible(org_id, incident_id, ''write''))', t || '_insert', t);
    EXECUTE format('GRANT SELECT, INSERT ON %I TO sokuho_app', t);
  END LOOP;
END $$;
CREATE POLICY obligation_documents_update ON obligation_documents FOR UPDATE TO sokuho_app
  USING (sokuho_incident_visible(org_id, incident_id, 'write')) WITH CHECK (sokuho_incident_visible(org_id, incident_id, 'write'));
GRANT UPDATE (latest_version) ON obligation_documents TO sokuho_app;
-- A version belongs to its document's incident and organisation.
CREATE FUNCTION obligation_document_versions_match() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM obligation_documents d WHERE d.id = NEW.document_id AND d.org_id = NEW.org_id AND d.incident_id = NEW.incident_id) THEN
    RAISE EXCEPTION 'document version does not match its document' USING ERRCODE = '23503';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER obligation_document_versions_match BEFORE INSERT ON obligation_document_versions
  FOR EACH ROW EXECUTE FUNCTION obligation_document_versions_match();
