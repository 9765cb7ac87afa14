-- Hardening (issue 8): numbers never reused, tokens bound to their member, invitations instead of silent adds,
-- sign-in throttling that an attacker cannot turn against the account's owner, and child rows that cannot point
-- at another organisation's incident.

-- Incident numbers: one counter row per organisation, taken under its row lock (never count(*) + 1).
CREATE TABLE incident_counters (
  org_id       uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE CASCADE,
  last_number  integer NOT NULL CHECK (last_number >= 0)
);
INSERT INTO incident_counters (org_id, last_number)
  SELECT org_id, max(COALESCE(NULLIF(substring(ref FROM '(\d+)$'), '')::int, 0)) FROM incidents GROUP BY org_id;
ALTER TABLE incident_counters ENABLE ROW LEVEL SECURITY;
CREATE POLICY incident_counters_own ON incident_counters FOR ALL TO sokuho_app
  USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org());
GRANT SELECT, INSERT, UPDATE ON incident_counters TO sokuho_app;

-- API tokens: expiry is required; a token acts for its creator's membership (checked at every request), and
-- removing the member revokes its tokens at once, whatever path removed it.
UPDATE api_tokens SET expires_at = created_at + interval '365 days' WHERE expires_at IS NULL;
ALTER TABLE api_tokens ALTER COLUMN expires_at SET NOT NULL;
UPDATE api_tokens SET revoked_at = now() WHERE created_by IS NULL AND revoked_at IS NULL;
CREATE INDEX api_tokens_member ON api_tokens (org_id, created_by) WHERE revoked_at IS NULL;

CREATE FUNCTION sokuho_revoke_member_tokens() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  UPDATE api_tokens SET revoked_at = now() WHERE org_id = OLD.org_id AND created_by = OLD.user_id AND revoked_at IS NULL;
  RETURN OLD;
END $$;
CREATE TRIGGER memberships_revoke_tokens AFTER DELETE ON memberships
  FOR EACH ROW EXECUTE FUNCTION sokuho_revoke_member_tokens();

-- Invitations: adding someone is an invitation the person accepts. The inviter sees only what it typed.
CREATE TABLE invitations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  email_hash    bytea NOT NULL,
  email_enc     bytea NOT NULL,
  display_name  text NOT NULL,
  role          text NOT NULL CHECK (role IN ('org-admin', 'ciso', 'responder', 'viewer', 'regulator-officer', 'vendor-responder')),
  locale        text NOT NULL DEFAULT 'ja' CHECK (locale IN ('ja', 'en')),
  token_hash    bytea NOT NULL UNIQUE,
  invited_by    uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  accepted_at   timestamptz,
  accepted_by   uuid REFERENCES users(id) ON DELETE SET NULL,
  revoked_at    timestamptz
);
CREATE UNIQUE INDEX invitations_pending ON invitations (org_id, email_hash) WHERE accepted_at IS NULL AND revoked_at IS NULL;
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
CREATE POLICY invitations_own ON invitations FOR ALL TO sokuho_app
  USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org());
GRANT SELECT, INSERT, UPDATE ON invitations TO sokuho_app;

-- Sign-in throttling: failures counted per (address, client) and per client in a sliding window. The account
-- itself is never locked, so nobody can lock its owner out from elsewhere.
CREATE TABLE login_throttle (
  key_hash      bytea PRIMARY KEY,
  window_start  timestamptz NOT NULL,
  failures      integer NOT NULL
);
CREATE INDEX login_throttle_window ON login_throttle (window_start);
UPDATE users SET locked_until = NULL, failed_logins = 0;

-- A child row's organisation is its incident's organisation: (org_id, incident_id) references the incident.
ALTER TABLE incidents ADD CONSTRAINT incidents_org_id_id UNIQUE (org_id, id);
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['incident_clock_events', 'incident_gap_states', 'timeline_events', 'decisions', 'tasks',
                           'incident_assets', 'evidence', 'indicators', 'affected_imports', 'access_grants'] LOOP
    EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (org_id, incident_id) REFERENCES incidents (org_id, id) ON DELETE CASCADE',
                   t, t || '_incident_org');
  END LOOP;
END $$;
