-- The incident spine: every clock with its history, per-organisation gap targets, the timeline, decisions,
-- playbooks and tasks, the asset inventory, evidence with chain of custody, and indicators.
-- Every table carries org_id (the owning company) and has RLS like incidents: owner, or a vendor with a live grant.

ALTER TABLE incidents
  ADD COLUMN category text NOT NULL DEFAULT 'other' CHECK (category IN
    ('unauthorized_access', 'targeted_mail', 'web_skimming', 'insider', 'lost_device', 'misdelivery', 'other')),
  ADD COLUMN tlp text NOT NULL DEFAULT 'amber' CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red')),
  ADD COLUMN pap text NOT NULL DEFAULT 'amber' CHECK (pap IN ('clear', 'green', 'amber', 'red'));

-- True when the acting organisation owns the incident or holds a live grant on it.
CREATE FUNCTION sokuho_incident_visible(p_org uuid, p_incident uuid, p_need text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT p_org = sokuho_org() OR sokuho_granted(p_incident, p_need)
$$;

-- Each setting of a clock is a row; the newest row per (incident, clock) is its value (at NULL = cleared).
CREATE TABLE incident_clock_events (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id       uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id  uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  clock        text NOT NULL CHECK (clock IN ('occurred', 'detected', 'containment_decided', 'contained', 'leak_suspected',
                 'leak_confirmed', 'regulator_first_contact', 'public_announcement', 'individuals_notified_first',
                 'individuals_notified_last', 'closed')),
  at           timestamptz,
  evidence     text NOT NULL DEFAULT '',
  set_by       uuid REFERENCES users(id) ON DELETE SET NULL,
  set_by_org   uuid REFERENCES organizations(id) ON DELETE SET NULL,
  set_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX incident_clock_events_incident ON incident_clock_events (incident_id, clock, set_at DESC);

-- Per-organisation targets between two clocks (defaults live in code; rows here override them).
CREATE TABLE org_gap_targets (
  org_id      uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  from_clock  text NOT NULL,
  to_clock    text NOT NULL,
  minutes     integer NOT NULL CHECK (minutes > 0 AND minutes <= 525600),
  updated_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, from_clock, to_clock),
  CHECK (from_clock <> to_clock)
);

-- The last status announced for each gap, so that a status change fires its event exactly once.
CREATE TABLE incident_gap_states (
  org_id       uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id  uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  gap          text NOT NULL,
  status       text NOT NULL CHECK (status IN ('on_time', 'at_risk', 'overdue')),
  changed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, gap)
);

CREATE TABLE timeline_events (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id         uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id    uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  at             timestamptz NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('observation', 'action', 'communication', 'decision', 'clock', 'note')),
  text           text NOT NULL,
  source         text NOT NULL DEFAULT '',
  asset_ids      uuid[] NOT NULL DEFAULT '{}',
  evidence_ids   uuid[] NOT NULL DEFAULT '{}',
  indicator_ids  uuid[] NOT NULL DEFAULT '{}',
  actor_user_id  uuid REFERENCES users(id) ON DELETE SET NULL,
  actor_org_id   uuid REFERENCES organizations(id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  -- A correction replaces an event; the old row stays, marked, so the timeline keeps its history.
  superseded_by  uuid REFERENCES timeline_events(id) ON DELETE SET NULL
);
CREATE INDEX timeline_events_incident ON timeline_events (incident_id, at);

CREATE TABLE decisions (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id            uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id       uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  kind              text NOT NULL CHECK (kind IN ('cut_off_external', 'isolate_host', 'notify_regulator', 'announce', 'other')),
  title             text NOT NULL,
  authority_role    text NOT NULL,
  decided_by        text NOT NULL,
  decided_by_user   uuid REFERENCES users(id) ON DELETE SET NULL,
  options           jsonb NOT NULL DEFAULT '[]',
  decision          text NOT NULL,
  decided_at        timestamptz NOT NULL,
  executor          text NOT NULL DEFAULT '',
  executed_at       timestamptz,
  created_by        uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decisions_incident ON decisions (incident_id, decided_at);

-- Playbooks: built-in ones have org_id NULL (visible to all, editable by none); organisations copy and edit.
CREATE TABLE playbooks (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id      uuid REFERENCES organizations(id) ON DELETE CASCADE,
  key         text NOT NULL,
  name_ja     text NOT NULL,
  name_en     text NOT NULL,
  category    text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX playbooks_key ON playbooks (coalesce(org_id, '00000000-0000-0000-0000-000000000000'::uuid), key);

CREATE TABLE playbook_steps (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  playbook_id     uuid NOT NULL REFERENCES playbooks(id) ON DELETE CASCADE,
  org_id          uuid REFERENCES organizations(id) ON DELETE CASCADE,
  position        integer NOT NULL,
  title_ja        text NOT NULL,
  title_en        text NOT NULL,
  anchor_clock    text NOT NULL,
  offset_minutes  integer NOT NULL CHECK (offset_minutes >= 0),
  mandatory       boolean NOT NULL DEFAULT false,
  role            text NOT NULL
);
CREATE INDEX playbook_steps_playbook ON playbook_steps (playbook_id, position);

CREATE TABLE tasks (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id            uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id       uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  title             text NOT NULL,
  role              text NOT NULL DEFAULT 'responder',
  assignee_user_id  uuid REFERENCES users(id) ON DELETE SET NULL,
  status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'skipped')),
  mandatory         boolean NOT NULL DEFAULT false,
  anchor_clock      text,
  offset_minutes    integer,
  due_at            timestamptz,
  playbook_step_id  uuid REFERENCES playbook_steps(id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (incident_id, playbook_step_id)
);
CREATE INDEX tasks_incident ON tasks (incident_id, due_at);

CREATE TABLE assets (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id               uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  hostname             text NOT NULL,
  addresses            text[] NOT NULL DEFAULT '{}',
  role                 text NOT NULL DEFAULT '',
  owner                text NOT NULL DEFAULT '',
  vendor_org_id        uuid REFERENCES organizations(id) ON DELETE SET NULL,
  holds_personal_data  boolean NOT NULL DEFAULT false,
  internet_facing      boolean NOT NULL DEFAULT false,
  egress_allowed       boolean NOT NULL DEFAULT false,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, hostname)
);

CREATE TABLE incident_assets (
  org_id       uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id  uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  asset_id     uuid NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
  compromise   text NOT NULL DEFAULT 'suspected' CHECK (compromise IN ('suspected', 'confirmed', 'cleared', 'not_affected')),
  note         text NOT NULL DEFAULT '',
  linked_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, asset_id)
);

CREATE TABLE evidence (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id   uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  filename      text NOT NULL,
  content_type  text NOT NULL DEFAULT 'application/octet-stream',
  size_bytes    bigint NOT NULL,
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key   text NOT NULL,
  description   text NOT NULL DEFAULT '',
  uploaded_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  uploaded_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX evidence_incident ON evidence (incident_id, uploaded_at);

CREATE TABLE custody_events (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  evidence_id   uuid NOT NULL REFERENCES evidence(id) ON DELETE CASCADE,
  action        text NOT NULL CHECK (action IN ('uploaded', 'downloaded', 'verified', 'transferred', 'note')),
  actor_user_id uuid REFERENCES users(id) ON DELETE SET NULL,
  actor_org_id  uuid REFERENCES organizations(id) ON DELETE SET NULL,
  note          text NOT NULL DEFAULT '',
  at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX custody_events_evidence ON custody_events (evidence_id, at);

CREATE TABLE indicators (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id       uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id  uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  type         text NOT NULL CHECK (type IN ('email-addr', 'domain-name', 'ipv4-addr', 'ipv6-addr', 'url', 'file-md5',
                 'file-sha1', 'file-sha256', 'file-name', 'email-subject')),
  value        text NOT NULL,
  normalized   text NOT NULL,
  tlp          text NOT NULL DEFAULT 'amber' CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red')),
  description  text NOT NULL DEFAULT '',
  created_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (incident_id, type, normalized)
);

-- Row-level security: the owner, or a vendor with a live grant (read for SELECT, write for changes).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['incident_clock_events', 'incident_gap_states', 'timeline_events', 'decisions', 'tasks',
                           'incident_assets', 'evidence', 'custody_events', 'indicators'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO sokuho_app USING (sokuho_incident_visible(org_id, %s, ''read''))',
                   t || '_read', t, CASE WHEN t IN ('custody_events') THEN '(SELECT e.incident_id FROM evidence e WHERE e.id = evidence_id)' ELSE 'incident_id' END);
    EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO sokuho_app WITH CHECK (sokuho_incident_visible(org_id, %s, ''write''))',
                   t || '_insert', t, CASE WHEN t IN ('custody_events') THEN '(SELECT e.incident_id FROM evidence e WHERE e.id = evidence_id)' ELSE 'incident_id' END);
    EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO sokuho_app USING (sokuho_incident_visible(org_id, %s, ''write''))',
                   t || '_update', t, CASE WHEN t IN ('custody_events') THEN '(SELECT e.incident_id FROM evidence e WHERE e.id = evidence_id)' ELSE 'incident_id' END);
    EXECUTE format('CREATE POLICY %I ON %I FOR DELETE TO sokuho_app USING (org_id = sokuho_org())', t || '_delete', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO sokuho_app', t);
  END LOOP;
END $$;

-- Clock history and custody are append-only for the application.
REVOKE UPDATE, DELETE ON incident_clock_events, custody_events FROM sokuho_app;

ALTER TABLE org_gap_targets ENABLE ROW LEVEL SECURITY;
CREATE POLICY org_gap_targets_all ON org_gap_targets FOR ALL TO sokuho_app USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org());
GRANT SELECT, INSERT, UPDATE, DELETE ON org_gap_targets TO sokuho_app;

ALTER TABLE assets ENABLE ROW LEVEL SECURITY;
-- A vendor sees the assets linked to incidents granted to it (it investigates them), and edits none.
CREATE POLICY assets_read ON assets FOR SELECT TO sokuho_app USING (
  org_id = sokuho_org()
  OR EXISTS (SELECT 1 FROM incident_assets ia WHERE ia.asset_id = assets.id AND sokuho_granted(ia.incident_id, 'read')));
CREATE POLICY assets_write ON assets FOR ALL TO sokuho_app USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org());
GRANT SELECT, INSERT, UPDATE, DELETE ON assets TO sokuho_app;

ALTER TABLE playbooks ENABLE ROW LEVEL SECURITY;
CREATE POLICY playbooks_read ON playbooks FOR SELECT TO sokuho_app USING (org_id IS NULL OR org_id = sokuho_org());
CREATE POLICY playbooks_write ON playbooks FOR ALL TO sokuho_app USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org());
ALTER TABLE playbook_steps ENABLE ROW LEVEL SECURITY;
CREATE POLICY playbook_steps_read ON playbook_steps FOR SELECT TO sokuho_app USING (org_id IS NULL OR org_id = sokuho_org());
CREATE POLICY playbook_steps_write ON playbook_steps FOR ALL TO sokuho_app USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org());
GRANT SELECT, INSERT, UPDATE, DELETE ON playbooks, playbook_steps TO sokuho_app;
