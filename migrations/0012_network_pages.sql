-- Contact network (issue 10): on-call schedules with overrides, escalation policies, the organisation's duty-desk
-- policy, which events page whom (triggers), pages (a frozen policy climbing until someone acknowledges), their
-- events, and signed single-use action links (acknowledge / resolve from a mail without signing in).
-- Every table belongs to one organisation and is visible to it alone. The one cross-organisation write (a company's
-- transaction paging its regulator's desk) goes through sokuho_network_raise_desk_page below, with narrow checks.

CREATE TABLE network_schedules (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id      uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name_ja     text NOT NULL CHECK (length(name_ja) BETWEEN 1 AND 200),
  name_en     text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  time_zone   text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
  kind        text NOT NULL CHECK (kind IN ('daily', 'weekly')),
  handoff_time text NOT NULL CHECK (handoff_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  start_date  date NOT NULL,
  created_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, id)
);

-- Participants in rotation order. They must be members: removing the member removes them from the rotation.
CREATE TABLE network_schedule_participants (
  schedule_id uuid NOT NULL,
  org_id      uuid NOT NULL,
  position    integer NOT NULL CHECK (position >= 0 AND position < 100),
  user_id     uuid NOT NULL,
  PRIMARY KEY (schedule_id, position),
  FOREIGN KEY (org_id, schedule_id) REFERENCES network_schedules (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
);

CREATE TABLE network_schedule_overrides (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  schedule_id uuid NOT NULL,
  org_id      uuid NOT NULL,
  user_id     uuid NOT NULL,
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at),
  created_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, schedule_id) REFERENCES network_schedules (org_id, id) ON DELETE CASCADE,
  FOREIGN KEY (org_id, user_id) REFERENCES memberships (org_id, user_id) ON DELETE CASCADE
);
CREATE INDEX network_schedule_overrides_schedule ON network_schedule_overrides (schedule_id, starts_at);

-- A policy: steps as JSON (escalation.ts ZEscalationStep[], checked by the service), repeat, and a version that
-- grows with every edit (a page records the version it froze).
CREATE TABLE network_policies (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id      uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name_ja     text NOT NULL CHECK (length(name_ja) BETWEEN 1 AND 200),
  name_en     text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 200),
  repeat      integer NOT NULL DEFAULT 0 CHECK (repeat BETWEEN 0 AND 9),
  steps       jsonb NOT NULL CHECK (jsonb_typeof(steps) = 'array' AND jsonb_array_length(steps) BETWEEN 1 AND 20),
  version     integer NOT NULL DEFAULT 1,
  created_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, id)
);

-- The duty desk (共通窓口): which policy answers when another organisation pages this one's desk.
CREATE TABLE network_desks (
  org_id      uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  policy_id   uuid,
  updated_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, policy_id) REFERENCES network_policies (org_id, id) ON DELETE SET NULL (policy_id)
);

-- Which events page whom, per organisation.
CREATE TABLE network_triggers (
  org_id      uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  event_kind  text NOT NULL CHECK (event_kind IN (
                'incident.created', 'incident.severity_raised', 'gap.at_risk', 'gap.overdue',
                'obligation.due_soon', 'obligation.overdue', 'report.received')),
  policy_id   uuid NOT NULL,
  is_enabled  boolean NOT NULL DEFAULT true,
  updated_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, event_kind),
  FOREIGN KEY (org_id, policy_id) REFERENCES network_policies (org_id, id) ON DELETE CASCADE
);

-- A page: the escalation.ts `Page` state (with its frozen policy) as JSON. `state` is NULL only for a page another
-- organisation raised at this one's desk, until the escalation worker froze the desk policy (milliseconds later).
CREATE TABLE network_pages (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id          uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  title_ja        text NOT NULL CHECK (length(title_ja) BETWEEN 1 AND 300),
  title_en        text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 300),
  status          text NOT NULL DEFAULT 'triggered' CHECK (status IN ('triggered', 'acknowledged', 'resolved', 'exhausted')),
  state           jsonb,
  policy_id       uuid,
  policy_version  integer,
  next_wake_at    timestamptz,
  source_kind     text NOT NULL CHECK (source_kind IN (
                    'incident.created', 'incident.severity_raised', 'gap.at_risk', 'gap.overdue',
                    'obligation.due_soon', 'obligation.overdue', 'report.received', 'manual', 'desk', 'broadcast')),
  source_id       text CHECK (length(source_id) <= 200),
  -- The organisation whose event raised it (another one for a desk page), and its incident (not a FK: the
  -- incident belongs to that organisation).
  source_org_id   uuid REFERENCES organizations(id) ON DELETE SET NULL,
  incident_id     uuid,
  is_drill        boolean NOT NULL DEFAULT false,
  dedup_key       text NOT NULL CHECK (length(dedup_key) BETWEEN 1 AND 300),
  created_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  acknowledged_by uuid REFERENCES users(id) ON DELETE SET NULL,
  acknowledged_at timestamptz,
  resolved_by     uuid REFERENCES users(id) ON DELETE SET NULL,
  resolved_at     timestamptz,
  UNIQUE (org_id, dedup_key),
  UNIQUE (org_id, id)
);
CREATE INDEX network_pages_wake ON network_pages (next_wake_at) WHERE status = 'triggered';
CREATE INDEX network_pages_org ON network_pages (org_id, created_at DESC);

CREATE TABLE network_page_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  page_id     uuid NOT NULL,
  org_id      uuid NOT NULL,
  at          timestamptz NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('triggered', 'notified', 'step_skipped', 'escalated', 'repeated', 'exhausted', 'acknowledged', 'resolved', 'desk_paged')),
  step        integer,
  round       integer,
  reason      text CHECK (length(reason) <= 100),
  by_user_id  uuid REFERENCES users(id) ON DELETE SET NULL,
  -- How a person acted: ui, api, link; and for notifications how many recipients and messages.
  via         text CHECK (via IN ('ui', 'api', 'link', 'system')),
  detail      jsonb NOT NULL DEFAULT '{}',
  FOREIGN KEY (org_id, page_id) REFERENCES network_pages (org_id, id) ON DELETE CASCADE
);
CREATE INDEX network_page_events_page ON network_page_events (page_id, id);

-- A signed single-use link: the random token is stored only as an HMAC; used once (a conditional UPDATE).
CREATE TABLE network_action_links (
  token_hash  bytea PRIMARY KEY,
  org_id      uuid NOT NULL,
  page_id     uuid NOT NULL,
  -- Who it was sent to (NULL: the desk's shared channel).
  user_id     uuid REFERENCES users(id) ON DELETE CASCADE,
  action      text NOT NULL CHECK (action IN ('acknowledge', 'resolve')),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, page_id) REFERENCES network_pages (org_id, id) ON DELETE CASCADE
);
CREATE INDEX network_action_links_page ON network_action_links (page_id);

-- Row-level security: the owner organisation only. Action links are read and used by the platform (no tenant).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['network_schedules', 'network_schedule_participants', 'network_schedule_overrides',
                           'network_policies', 'network_desks', 'network_triggers', 'network_pages', 'network_page_events'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR ALL TO sokuho_app USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org())', t || '_own', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO sokuho_app', t);
  END LOOP;
END $$;
ALTER TABLE network_action_links ENABLE ROW LEVEL SECURITY;
CREATE POLICY network_action_links_own ON network_action_links FOR ALL TO sokuho_app
  USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org());
GRANT SELECT, INSERT ON network_action_links TO sokuho_app;

-- A company pages an organisation it is related to (its supervising regulator, its association) at that one's desk,
-- inside its own transaction: the page row commits with its cause. Narrow: the acting organisation must be related
-- to the target, it writes only a page without state (the escalation worker freezes the target's desk policy) and
-- its first event, and a repeated dedup key returns the page already raised.
CREATE FUNCTION sokuho_network_raise_desk_page(
  p_target uuid, p_source_kind text, p_source_id text, p_dedup text, p_title_ja text, p_title_en text,
  p_incident uuid, p_drill boolean, p_at timestamptz
) RETURNS uuid LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE v_id uuid;
BEGIN
  IF sokuho_org() IS NULL OR p_target = sokuho_org() OR NOT EXISTS (
       SELECT 1 FROM org_relations r WHERE r.company_org_id = sokuho_org() AND r.related_org_id = p_target) THEN
    RAISE EXCEPTION 'not related' USING ERRCODE = '42501';
  END IF;
  INSERT INTO network_pages (org_id, title_ja, title_en, source_kind, source_id, source_org_id, incident_id, is_drill, dedup_key,
                             next_wake_at, created_by, created_at, updated_at)
  VALUES (p_target, p_title_ja, p_title_en, p_source_kind, p_source_id, sokuho_org(), p_incident, p_drill, p_dedup,
          p_at, NULL, p_at, p_at)
  ON CONFLICT (org_id, dedup_key) DO NOTHING
  RETURNING id INTO v_id;
  IF v_id IS NULL THEN
    SELECT id INTO v_id FROM network_pages WHERE org_id = p_target AND dedup_key = p_dedup;
    RETURN v_id;
  END IF;
  INSERT INTO network_page_events (page_id, org_id, at, kind, via, detail)
  VALUES (v_id, p_target, p_at, 'triggered', 'system', jsonb_build_object('sourceOrgId', sokuho_org()));
  PERFORM pg_notify('sokuho_pages', '');
  RETURN v_id;
END $$;
REVOKE ALL ON FUNCTION sokuho_network_raise_desk_page(uuid, text, text, text, text, text, uuid, boolean, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sokuho_network_raise_desk_page(uuid, text, text, text, text, text, uuid, boolean, timestamptz) TO sokuho_app;
