-- An association sees what its members chose to share with it (issue 9, item 5): a company shares one incident's
-- obligations (the newest evaluation) and the reports it submitted about it with an association it is a member of
-- (org_relations kind member_of). Explicit, revocable (the row stays, with who revoked it and when), audited by the
-- service. The association reads only while the share is live and the company is still its member.

-- True when the company is a member of the acting organisation (an association).
CREATE FUNCTION sokuho_is_member(p_company uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM org_relations r
                  WHERE r.company_org_id = p_company AND r.related_org_id = sokuho_org() AND r.kind = 'member_of')
$$;

CREATE TABLE obligation_shares (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id              uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id         uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  association_org_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  shared_by           uuid REFERENCES users(id) ON DELETE SET NULL,
  shared_at           timestamptz NOT NULL DEFAULT now(),
  revoked_by          uuid REFERENCES users(id) ON DELETE SET NULL,
  revoked_at          timestamptz,
  CHECK (org_id <> association_org_id)
);
-- One live share per incident and association (a revoked one can be shared again: a new row).
CREATE UNIQUE INDEX obligation_shares_live ON obligation_shares (incident_id, association_org_id) WHERE revoked_at IS NULL;
CREATE INDEX obligation_shares_association ON obligation_shares (association_org_id) WHERE revoked_at IS NULL;

-- True when the incident is shared, live, with the acting association by a company that is still its member.
CREATE FUNCTION sokuho_shared_with_me(p_incident uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM obligation_shares s
                  WHERE s.incident_id = p_incident AND s.association_org_id = sokuho_org() AND s.revoked_at IS NULL
                    AND sokuho_is_member(s.org_id))
$$;

ALTER TABLE obligation_shares ENABLE ROW LEVEL SECURITY;
-- The company (its members; not its vendors) and the association while the company is its member.
CREATE POLICY obligation_shares_read ON obligation_shares FOR SELECT TO sokuho_app
  USING (org_id = sokuho_org() OR (association_org_id = sokuho_org() AND revoked_at IS NULL AND sokuho_is_member(org_id)));
-- Only the company, of its own incident, with an association it is a member of.
CREATE POLICY obligation_shares_insert ON obligation_shares FOR INSERT TO sokuho_app WITH CHECK (
  org_id = sokuho_org() AND revoked_at IS NULL
  AND EXISTS (SELECT 1 FROM incidents i WHERE i.id = incident_id AND i.org_id = sokuho_org())
  AND EXISTS (SELECT 1 FROM org_relations r WHERE r.company_org_id = sokuho_org() AND r.related_org_id = association_org_id AND r.kind = 'member_of'));
-- Only the company revokes.
CREATE POLICY obligation_shares_revoke ON obligation_shares FOR UPDATE TO sokuho_app
  USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org());
GRANT SELECT, INSERT ON obligation_shares TO sokuho_app;
GRANT UPDATE (revoked_by, revoked_at) ON obligation_shares TO sokuho_app;

-- What a share opens to the association: the incident's evaluations and the reports submitted about it. Permissive
-- policies: these add to the existing ones (owner, vendor, supervising regulator).
CREATE POLICY obligation_evaluations_shared ON obligation_evaluations FOR SELECT TO sokuho_app
  USING (sokuho_shared_with_me(incident_id));
CREATE POLICY obligation_reports_shared ON obligation_reports FOR SELECT TO sokuho_app
  USING (sokuho_shared_with_me(incident_id));
