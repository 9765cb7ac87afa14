-- Obligations (issue 9): the facts of an incident as the user confirmed or overrode them, every evaluation of the
-- rules (history), filings signed off by the CISO, regulators' orders (報告徴収) to the companies they supervise,
-- reports a company submits to its supervising regulator with a question-and-answer thread, and the reminders
-- already raised (so each is raised once).

-- True when the acting organisation supervises the company (org_relations kind supervised_by).
CREATE FUNCTION sokuho_supervises(p_company uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM org_relations r
                  WHERE r.company_org_id = p_company AND r.related_org_id = sokuho_org() AND r.kind = 'supervised_by')
$$;

-- The user's values per fact: { "<field>": { "value": …, "source": "confirmed" | "override" } }. Suggestions are
-- computed at read time (clocks, category, registry); only what a person said is stored.
CREATE TABLE obligation_facts (
  incident_id  uuid PRIMARY KEY REFERENCES incidents(id) ON DELETE CASCADE,
  org_id       uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  "values"     jsonb NOT NULL DEFAULT '{}',
  updated_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Every evaluation whose inputs differed from the one before: the facts used, the answer, and what changed.
CREATE TABLE obligation_evaluations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Order of storing: evaluations in the same millisecond still have a newest.
  seq           bigint GENERATED ALWAYS AS IDENTITY,
  org_id        uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id   uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  cause         text NOT NULL CHECK (cause IN ('facts', 'clock', 'registry', 'filing', 'order', 'rules', 'first')),
  inputs_hash   text NOT NULL,
  facts         jsonb NOT NULL,
  result        jsonb NOT NULL,
  changes       jsonb NOT NULL DEFAULT '[]',
  evaluated_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  evaluated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX obligation_evaluations_incident ON obligation_evaluations (incident_id, seq DESC);

-- A filing counts for the engine only once the CISO signed it off.
CREATE TABLE obligation_filings (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id          uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id     uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  obligation_id   text NOT NULL CHECK (length(obligation_id) BETWEEN 1 AND 200),
  filed_at        timestamptz NOT NULL,
  reference       text NOT NULL DEFAULT '' CHECK (length(reference) <= 500),
  recorded_by     uuid REFERENCES users(id) ON DELETE SET NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  signed_off_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  signed_off_at   timestamptz
);
CREATE INDEX obligation_filings_incident ON obligation_filings (incident_id);

-- A regulator's order; one target row per company it was issued to (the company links it to an incident).
CREATE TABLE regulator_orders (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  regulator_org_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  authority         text NOT NULL CHECK (authority ~ '^[a-z][a-z0-9_-]*$'),
  title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  items             jsonb NOT NULL DEFAULT '[]',
  issued_at         timestamptz NOT NULL,
  due_at            timestamptz NOT NULL CHECK (due_at > issued_at),
  created_by        uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE regulator_order_targets (
  order_id          uuid NOT NULL REFERENCES regulator_orders(id) ON DELETE CASCADE,
  regulator_org_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  company_org_id    uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id       uuid REFERENCES incidents(id) ON DELETE SET NULL,
  linked_at         timestamptz,
  PRIMARY KEY (order_id, company_org_id)
);
CREATE INDEX regulator_order_targets_company ON regulator_order_targets (company_org_id);
CREATE INDEX regulator_order_targets_incident ON regulator_order_targets (incident_id);

-- A report a company submitted to its supervising regulator (a document as JSON or text for now).
CREATE TABLE obligation_reports (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id            uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  regulator_org_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id       uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  obligation_id     text NOT NULL CHECK (length(obligation_id) BETWEEN 1 AND 200),
  kind              text NOT NULL,
  title             text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  document          text NOT NULL CHECK (length(document) <= 200000),
  submitted_by      uuid REFERENCES users(id) ON DELETE SET NULL,
  submitted_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX obligation_reports_regulator ON obligation_reports (regulator_org_id, submitted_at DESC);
CREATE INDEX obligation_reports_incident ON obligation_reports (incident_id);

CREATE TABLE obligation_report_messages (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq               bigint GENERATED ALWAYS AS IDENTITY,
  report_id         uuid NOT NULL REFERENCES obligation_reports(id) ON DELETE CASCADE,
  org_id            uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  regulator_org_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  author_org_id     uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  author_user_id    uuid REFERENCES users(id) ON DELETE SET NULL,
  body              text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX obligation_report_messages_report ON obligation_report_messages (report_id, seq);

-- Each reminder (due_soon at a lead time, overdue) raised once per obligation and due time.
CREATE TABLE obligation_reminders (
  org_id         uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id    uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  obligation_id  text NOT NULL,
  reminder       text NOT NULL,
  due_at         timestamptz NOT NULL,
  raised_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, obligation_id, reminder, due_at)
);

-- Row-level security. Incident-owned rows: like the incident spine (owner, or a vendor with a live grant).
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['obligation_facts', 'obligation_filings'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO sokuho_app USING (sokuho_incident_visible(org_id, incident_id, ''read''))', t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO sokuho_app WITH CHECK (sokuho_incident_visible(org_id, incident_id, ''write''))', t || '_insert', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO sokuho_app USING (sokuho_incident_visible(org_id, incident_id, ''write''))', t || '_update', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO sokuho_app', t);
  END LOOP;
END $$;

-- Evaluations: the owner and its vendors; a supervising regulator only for incidents the company reported to it
-- or linked to one of its orders.
ALTER TABLE obligation_evaluations ENABLE ROW LEVEL SECURITY;
CREATE POLICY obligation_evaluations_read ON obligation_evaluations FOR SELECT TO sokuho_app USING (
  sokuho_incident_visible(org_id, incident_id, 'read')
  OR (sokuho_supervises(org_id) AND (
        EXISTS (SELECT 1 FROM obligation_reports r WHERE r.incident_id = obligation_evaluations.incident_id AND r.regulator_org_id = sokuho_org())
     OR EXISTS (SELECT 1 FROM regulator_order_targets t WHERE t.incident_id = obligation_evaluations.incident_id AND t.regulator_org_id = sokuho_org()))));
CREATE POLICY obligation_evaluations_insert ON obligation_evaluations FOR INSERT TO sokuho_app
  WITH CHECK (sokuho_incident_visible(org_id, incident_id, 'read'));
GRANT SELECT, INSERT ON obligation_evaluations TO sokuho_app;

ALTER TABLE regulator_orders ENABLE ROW LEVEL SECURITY;
CREATE POLICY regulator_orders_read ON regulator_orders FOR SELECT TO sokuho_app USING (
  regulator_org_id = sokuho_org()
  OR EXISTS (SELECT 1 FROM regulator_order_targets t WHERE t.order_id = regulator_orders.id AND t.company_org_id = sokuho_org()));
CREATE POLICY regulator_orders_insert ON regulator_orders FOR INSERT TO sokuho_app WITH CHECK (regulator_org_id = sokuho_org());
GRANT SELECT, INSERT ON regulator_orders TO sokuho_app;

ALTER TABLE regulator_order_targets ENABLE ROW LEVEL SECURITY;
CREATE POLICY regulator_order_targets_read ON regulator_order_targets FOR SELECT TO sokuho_app
  USING (company_org_id = sokuho_org() OR regulator_org_id = sokuho_org());
-- An order goes only to companies the regulator supervises; only the company links it to its own incident.
CREATE POLICY regulator_order_targets_insert ON regulator_order_targets FOR INSERT TO sokuho_app
  WITH CHECK (regulator_org_id = sokuho_org() AND sokuho_supervises(company_org_id) AND incident_id IS NULL);
CREATE POLICY regulator_order_targets_link ON regulator_order_targets FOR UPDATE TO sokuho_app
  USING (company_org_id = sokuho_org())
  WITH CHECK (company_org_id = sokuho_org()
              AND (incident_id IS NULL OR EXISTS (SELECT 1 FROM incidents i WHERE i.id = incident_id AND i.org_id = sokuho_org())));
GRANT SELECT, INSERT, UPDATE ON regulator_order_targets TO sokuho_app;

-- Reports: the company that submitted, and the regulator it submitted to while that regulator supervises it.
ALTER TABLE obligation_reports ENABLE ROW LEVEL SECURITY;
CREATE POLICY obligation_reports_read ON obligation_reports FOR SELECT TO sokuho_app
  USING (org_id = sokuho_org() OR (regulator_org_id = sokuho_org() AND sokuho_supervises(org_id)));
CREATE POLICY obligation_reports_insert ON obligation_reports FOR INSERT TO sokuho_app WITH CHECK (
  org_id = sokuho_org()
  AND EXISTS (SELECT 1 FROM incidents i WHERE i.id = incident_id AND i.org_id = sokuho_org())
  AND EXISTS (SELECT 1 FROM org_relations r WHERE r.company_org_id = sokuho_org() AND r.related_org_id = regulator_org_id AND r.kind = 'supervised_by'));
GRANT SELECT, INSERT ON obligation_reports TO sokuho_app;

ALTER TABLE obligation_report_messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY obligation_report_messages_read ON obligation_report_messages FOR SELECT TO sokuho_app
  USING (org_id = sokuho_org() OR (regulator_org_id = sokuho_org() AND sokuho_supervises(org_id)));
CREATE POLICY obligation_report_messages_insert ON obligation_report_messages FOR INSERT TO sokuho_app WITH CHECK (
  author_org_id = sokuho_org()
  AND EXISTS (SELECT 1 FROM obligation_reports r WHERE r.id = report_id AND r.org_id = obligation_report_messages.org_id
                AND r.regulator_org_id = obligation_report_messages.regulator_org_id)
  AND (org_id = sokuho_org() OR (regulator_org_id = sokuho_org() AND sokuho_supervises(org_id))));
GRANT SELECT, INSERT ON obligation_report_messages TO sokuho_app;

-- Reminders are raised by the platform job; members read their own.
ALTER TABLE obligation_reminders ENABLE ROW LEVEL SECURITY;
CREATE POLICY obligation_reminders_read ON obligation_reminders FOR SELECT TO sokuho_app USING (org_id = sokuho_org());
GRANT SELECT ON obligation_reminders TO sokuho_app;
