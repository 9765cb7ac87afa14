-- Triage (issue 11): the mail and egress engines wired into incidents. Per organisation, what the mail engine must
-- know (own domains, trusted authserv-ids, VIPs, known senders) and the partner registry; suspicious mails reported
-- or uploaded (the .eml kept encrypted in the blob store, the analysis as JSON); egress log imports analysed by a job
-- and their ranked findings, each of which can open or feed an incident.

CREATE TABLE mail_settings (
  org_id                uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  own_domains           text[] NOT NULL DEFAULT '{}',
  trusted_authserv_ids  text[] NOT NULL DEFAULT '{}',
  known_senders         text[] NOT NULL DEFAULT '{}',
  vips                  jsonb NOT NULL DEFAULT '[]',
  updated_by            uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at            timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE mail_partners (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id         uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  position       integer NOT NULL,
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  domains        text[] NOT NULL DEFAULT '{}',
  display_names  text[] NOT NULL DEFAULT '{}',
  dkim_domains   text[] NOT NULL DEFAULT '{}',
  UNIQUE (org_id, position)
);

-- A reported mail. Without an incident it is an "unknown mail" report of the organisation, attached later.
CREATE TABLE mail_reports (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id   uuid REFERENCES incidents(id) ON DELETE SET NULL,
  filename      text NOT NULL,
  size_bytes    bigint NOT NULL,
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key   text NOT NULL,
  verdict       text NOT NULL CHECK (verdict IN ('malicious', 'suspicious', 'benign')),
  subject       text NOT NULL DEFAULT '',
  from_address  text NOT NULL DEFAULT '',
  result        jsonb NOT NULL,
  note          text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
  reported_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  reported_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_reports_org ON mail_reports (org_id, reported_at DESC);
CREATE INDEX mail_reports_incident ON mail_reports (incident_id, reported_at DESC);

CREATE TABLE egress_imports (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id   uuid REFERENCES incidents(id) ON DELETE SET NULL,
  filename      text NOT NULL,
  size_bytes    bigint NOT NULL,
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key   text NOT NULL,
  status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  summary       jsonb,
  error         jsonb,
  created_by    uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz
);
CREATE INDEX egress_imports_org ON egress_imports (org_id, created_at DESC);
CREATE INDEX egress_imports_incident ON egress_imports (incident_id, created_at DESC);

CREATE TABLE egress_findings (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id             uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  import_id          uuid NOT NULL REFERENCES egress_imports(id) ON DELETE CASCADE,
  incident_id        uuid REFERENCES incidents(id) ON DELETE SET NULL,
  rank               integer NOT NULL,
  kind               text NOT NULL CHECK (kind IN ('policy', 'indicator', 'exfiltration', 'beacon', 'long_connection')),
  severity           text NOT NULL,
  src                text NOT NULL,
  dst                text NOT NULL,
  dst_host           text,
  port               integer,
  score              double precision NOT NULL,
  first_seen         timestamptz NOT NULL,
  last_seen          timestamptz NOT NULL,
  first_evidence_at  timestamptz NOT NULL,
  bytes_out          bigint NOT NULL,
  bytes_in           bigint NOT NULL,
  connections        integer NOT NULL,
  hosts              text[] NOT NULL DEFAULT '{}',
  destinations       text[] NOT NULL DEFAULT '{}',
  reason_ja          text NOT NULL,
  reason_en          text NOT NULL,
  details            jsonb NOT NULL DEFAULT '{}',
  UNIQUE (import_id, rank)
);
CREATE INDEX egress_findings_import ON egress_findings (import_id, rank);

-- Row-level security. Organisation settings: the organisation only.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['mail_settings', 'mail_partners'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO sokuho_app USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org())', t || '_all', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO sokuho_app', t);
  END LOOP;
END $$;

-- Reports, imports and findings: the organisation's own rows without an incident; with one, like the incident
-- spine (the owner, or a vendor with a live grant: read to see, write to add). Only the owner deletes.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['mail_reports', 'egress_imports', 'egress_findings'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO sokuho_app USING (CASE WHEN incident_id IS NULL THEN org_id = sokuho_org() ELSE sokuho_incident_visible(org_id, incident_id, ''read'') END)', t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO sokuho_app WITH CHECK (CASE WHEN incident_id IS NULL THEN org_id = sokuho_org() ELSE sokuho_incident_visible(org_id, incident_id, ''write'') END)', t || '_insert', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO sokuho_app USING (CASE WHEN incident_id IS NULL THEN org_id = sokuho_org() ELSE sokuho_incident_visible(org_id, incident_id, ''write'') END) WITH CHECK (CASE WHEN incident_id IS NULL THEN org_id = sokuho_org() ELSE sokuho_incident_visible(org_id, incident_id, ''write'') END)', t || '_update', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR DELETE TO sokuho_app USING (org_id = sokuho_org())', t || '_delete', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO sokuho_app', t);
  END LOOP;
END $$;
