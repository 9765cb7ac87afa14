-- Contact network (issue 10): which associations a regulator works with, as data. Until now a regulator's broadcast
-- "to the sector's associations" reached every association with at least one member the regulator supervises
-- (sokuho_broadcast_reach(), migration 0013): implied by two company relations, managed by no one, and widened by
-- any one company joining any association. Now a row here says it, kept by the org-admins: the regulator's add and
-- remove an association; the association's see who works with them and may end it. Existing deployments keep who
-- they reached: the rows are filled from the old rule once, here.

CREATE TABLE regulator_associations (
  regulator_org_id    uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  association_org_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  created_by          uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (regulator_org_id, association_org_id),
  CHECK (regulator_org_id <> association_org_id)
);
CREATE INDEX regulator_associations_association ON regulator_associations (association_org_id);

-- The kinds are the organisations' (a regulator on the left, an association on the right), whoever writes the row.
CREATE FUNCTION sokuho_regulator_associations_kinds() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM organizations WHERE id = NEW.regulator_org_id AND kind = 'regulator')
     OR NOT EXISTS (SELECT 1 FROM organizations WHERE id = NEW.association_org_id AND kind = 'association') THEN
    RAISE EXCEPTION 'a regulator works with an association' USING ERRCODE = '23514', CONSTRAINT = 'regulator_associations_kinds_check';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER regulator_associations_kinds BEFORE INSERT OR UPDATE ON regulator_associations
  FOR EACH ROW EXECUTE FUNCTION sokuho_regulator_associations_kinds();

INSERT INTO regulator_associations (regulator_org_id, association_org_id)
SELECT DISTINCT s.related_org_id, m.related_org_id
  FROM org_relations s
  JOIN org_relations m ON m.company_org_id = s.company_org_id AND m.kind = 'member_of'
  JOIN organizations r ON r.id = s.related_org_id AND r.kind = 'regulator'
  JOIN organizations a ON a.id = m.related_org_id AND a.kind = 'association'
 WHERE s.kind = 'supervised_by'
ON CONFLICT DO NOTHING;

-- Both sides read their rows; the regulator adds its own; either side removes. Nobody changes a row in place.
ALTER TABLE regulator_associations ENABLE ROW LEVEL SECURITY;
CREATE POLICY regulator_associations_read ON regulator_associations FOR SELECT TO sokuho_app
  USING (regulator_org_id = sokuho_org() OR association_org_id = sokuho_org());
CREATE POLICY regulator_associations_insert ON regulator_associations FOR INSERT TO sokuho_app
  WITH CHECK (regulator_org_id = sokuho_org());
CREATE POLICY regulator_associations_delete ON regulator_associations FOR DELETE TO sokuho_app
  USING (regulator_org_id = sokuho_org() OR association_org_id = sokuho_org());
GRANT SELECT, INSERT, DELETE ON regulator_associations TO sokuho_app;

-- The reach: supervised companies and members as before; associations only through the explicit relation.
CREATE OR REPLACE FUNCTION sokuho_broadcast_reach() RETURNS TABLE (org_id uuid, via text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT r.company_org_id, r.kind FROM org_relations r
   WHERE r.related_org_id = sokuho_org() AND r.kind IN ('supervised_by', 'member_of')
  UNION
  SELECT a.association_org_id, 'association' FROM regulator_associations a
   WHERE a.regulator_org_id = sokuho_org()
$$;
