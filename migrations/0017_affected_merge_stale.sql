-- The affected-person registry, second step: imports whose files changed after they failed are marked 'stale'
-- (excluded from look-ups and counts), and people of different imports of one incident who share a strong
-- identifier are merged into one person (notices go to a person once).

ALTER TABLE affected_imports DROP CONSTRAINT affected_imports_status_check;
ALTER TABLE affected_imports ADD CONSTRAINT affected_imports_status_check CHECK (status IN ('running', 'done', 'failed', 'stale'));
-- SHA-256 of the files' names and the stream options, without sizes and times: an import with the same source
-- key and another fingerprint is the same files, changed. NULL for imports made before this migration.
ALTER TABLE affected_imports ADD COLUMN source_key text;
CREATE INDEX affected_imports_source ON affected_imports (incident_id, source_key);

-- One row per person who is the same person as an earlier one of another import of the incident (the canonical
-- person); a person without a row is canonical. Written set-based when an import finishes, recomputed when an
-- import is deleted; never holds a value, only row numbers.
CREATE TABLE affected_person_merges (
  import_id     uuid NOT NULL,
  person_no     bigint NOT NULL,
  org_id        uuid NOT NULL,
  incident_id   uuid NOT NULL,
  canon_import  uuid NOT NULL,
  canon_no      bigint NOT NULL,
  -- the identifier kind that joined them ('email', 'kana+birth', …)
  kind          text NOT NULL,
  PRIMARY KEY (import_id, person_no)
);
CREATE INDEX affected_person_merges_canon ON affected_person_merges (canon_import, canon_no);
CREATE INDEX affected_person_merges_incident ON affected_person_merges (incident_id);

ALTER TABLE affected_person_merges ENABLE ROW LEVEL SECURITY;
CREATE POLICY affected_person_merges_read ON affected_person_merges FOR SELECT TO sokuho_app USING (sokuho_incident_visible(org_id, incident_id, 'read'));
GRANT SELECT ON affected_person_merges TO sokuho_app;

-- Deleting an import also removes the merges that name it (the service then recomputes the incident's merges).
CREATE OR REPLACE FUNCTION sokuho_affected_cleanup() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  EXECUTE format('DROP TABLE IF EXISTS %I', 'affected_identifiers_' || replace(OLD.id::text, '-', ''));
  DELETE FROM affected_people WHERE import_id = OLD.id;
  DELETE FROM affected_person_merges WHERE import_id = OLD.id OR canon_import = OLD.id;
  RETURN OLD;
END $$;
