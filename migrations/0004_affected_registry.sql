-- The affected-person registry: the people of a leaked data set, loaded by `sokuho scan --import INCIDENT_ID`.
-- One row per unique person (the scanner's join), contact details encrypted (AES-256-GCM, key from configuration),
-- identifiers (the scanner's match keys) only as HMAC-SHA-256. Loaded with COPY in batches; each batch commits
-- together with the import's cursor, so a crashed import resumes after the last committed batch.

CREATE TABLE affected_imports (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id   uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  -- SHA-256 over the files' names, sizes and modification times and the scan options: the same input resumes
  fingerprint   text NOT NULL,
  -- [{ "name": "leak.csv", "bytes": 123 }]: names only, never paths (a path can name a person or a server)
  files         jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
  -- the scan's counts (records, people, passports, per type, flags): numbers only, no values
  summary       jsonb NOT NULL DEFAULT '{}',
  people_total  bigint,
  -- the resume cursor: persons of the deterministic stream committed so far
  people_done   bigint NOT NULL DEFAULT 0,
  identifiers_done bigint NOT NULL DEFAULT 0,
  started_by    uuid REFERENCES users(id) ON DELETE SET NULL,
  started_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  UNIQUE (incident_id, fingerprint)
);
CREATE INDEX affected_imports_incident ON affected_imports (incident_id, started_at);

-- No foreign keys and few indexes on the two big tables: a foreign-key check is a trigger per row, and every index
-- is written per row during COPY. Rows are removed with their import by the trigger below.
CREATE TABLE affected_people (
  import_id     uuid NOT NULL,
  person_no     bigint NOT NULL,          -- the person's first record in the data set (0-based, file order)
  org_id        uuid NOT NULL,
  incident_id   uuid NOT NULL,
  contact       bytea NOT NULL,           -- AES-256-GCM: version, nonce, tag, JSON of names, e-mail, phone, address
  items         integer NOT NULL,         -- bit i set: PII type i (the scanner's PII_TYPES order) is in the person's records
  records       integer NOT NULL,
  file_no       smallint NOT NULL,        -- index into affected_imports.files
  line          bigint NOT NULL,
  PRIMARY KEY (import_id, person_no)
);

-- One partition per import (created by the import, named affected_identifiers_<import id without dashes>), with
-- its index built once its load is done: inserting 21M random HMACs into a live index made the JTB-size load
-- 4x slower (every insert dirties a random page, and after each checkpoint that page goes whole into the WAL);
-- an index built at the end is one sort. Deleting an import drops its partition.
CREATE TABLE affected_identifiers (
  import_id     uuid NOT NULL,
  person_no     bigint NOT NULL,
  org_id        uuid NOT NULL,
  incident_id   uuid NOT NULL,
  kind          text NOT NULL,            -- the match key: 'email', 'kana+birth', 'phone+birth', …
  hmac          bytea NOT NULL            -- HMAC-SHA-256(identifier key, kind || 0x00 || normalised value)
) PARTITION BY LIST (import_id);

-- Deleting an import (or its incident) removes its rows (no foreign key on the big tables, see above). SECURITY
-- DEFINER: the delete may come from the application role, which may not write these tables.
CREATE FUNCTION sokuho_affected_cleanup() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  EXECUTE format('DROP TABLE IF EXISTS %I', 'affected_identifiers_' || replace(OLD.id::text, '-', ''));
  DELETE FROM affected_people WHERE import_id = OLD.id;
  RETURN OLD;
END $$;
CREATE TRIGGER affected_imports_cleanup AFTER DELETE ON affected_imports FOR EACH ROW EXECUTE FUNCTION sokuho_affected_cleanup();

-- Readable like the rest of the incident; written only by the import (the owner role, through COPY).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['affected_imports', 'affected_people', 'affected_identifiers'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO sokuho_app USING (sokuho_incident_visible(org_id, incident_id, ''read''))', t || '_read', t);
    EXECUTE format('GRANT SELECT ON %I TO sokuho_app', t);
  END LOOP;
END $$;
