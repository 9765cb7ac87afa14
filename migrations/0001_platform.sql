-- Platform foundation: organisations and their relations, users, memberships, sessions, API tokens,
-- password resets, a minimal incident record with vendor access grants, and the hash-chained audit log.
--
-- Tenant isolation has two walls. The application checks policies; PostgreSQL row-level security checks again.
-- The application runs its tenant queries as role sokuho_app (no BYPASSRLS, owns nothing), with the acting
-- organisation and user in per-transaction settings read by sokuho_org() and sokuho_user().

DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'sokuho_app') THEN
    CREATE ROLE sokuho_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
GRANT sokuho_app TO CURRENT_USER;
GRANT USAGE ON SCHEMA public TO sokuho_app;

CREATE FUNCTION sokuho_org() RETURNS uuid LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('sokuho.org_id', true), '')::uuid $$;
CREATE FUNCTION sokuho_user() RETURNS uuid LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('sokuho.user_id', true), '')::uuid $$;

CREATE TABLE organizations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind        text NOT NULL CHECK (kind IN ('regulator', 'association', 'company', 'vendor')),
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name_ja     text NOT NULL,
  name_en     text NOT NULL,
  is_demo     boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A company belongs to associations and is supervised by a regulator.
CREATE TABLE org_relations (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  company_org_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  related_org_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  kind            text NOT NULL CHECK (kind IN ('member_of', 'supervised_by')),
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (company_org_id, related_org_id, kind),
  CHECK (company_org_id <> related_org_id)
);
CREATE INDEX org_relations_related ON org_relations (related_org_id);

-- Users are people, not tenants; their email is personal data: a keyed hash for look-up, AES-GCM for sending.
CREATE TABLE users (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email_hash     bytea NOT NULL UNIQUE,
  email_enc      bytea NOT NULL,
  display_name   text NOT NULL,
  password_hash  text,
  locale         text NOT NULL DEFAULT 'ja' CHECK (locale IN ('ja', 'en')),
  failed_logins  integer NOT NULL DEFAULT 0,
  locked_until   timestamptz,
  is_demo        boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id      uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role        text NOT NULL CHECK (role IN ('org-admin', 'ciso', 'responder', 'viewer', 'regulator-officer', 'vendor-responder')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- Sessions are looked up by the hash of the cookie value; only the system role touches them.
CREATE TABLE sessions (
  id_hash       bytea PRIMARY KEY,
  user_id       uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token    text NOT NULL,
  auth_method   text NOT NULL DEFAULT 'password' CHECK (auth_method IN ('password', 'oidc')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE password_resets (
  token_hash  bytea PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);

CREATE TABLE api_tokens (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id        uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name          text NOT NULL,
  token_hash    bytea NOT NULL UNIQUE,
  prefix        text NOT NULL,
  role          text NOT NULL CHECK (role IN ('org-admin', 'ciso', 'responder', 'viewer', 'regulator-officer', 'vendor-responder')),
  created_by    uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX api_tokens_org ON api_tokens (org_id);

CREATE TABLE incidents (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id      uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  ref         text NOT NULL,
  title       text NOT NULL,
  summary     text NOT NULL DEFAULT '',
  status      text NOT NULL DEFAULT 'detected'
              CHECK (status IN ('detected', 'triage', 'contained', 'eradicated', 'recovered', 'closed')),
  severity    text NOT NULL DEFAULT 'medium' CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  is_demo     boolean NOT NULL DEFAULT false,
  created_by  uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, ref)
);
CREATE INDEX incidents_org_created ON incidents (org_id, created_at DESC);

-- A company grants a vendor scoped, expiring, revocable access to chosen incidents.
CREATE TABLE access_grants (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id         uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  vendor_org_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  incident_id    uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
  access         text NOT NULL CHECK (access IN ('read', 'write')),
  expires_at     timestamptz NOT NULL,
  revoked_at     timestamptz,
  created_by     uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (org_id <> vendor_org_id)
);
CREATE INDEX access_grants_vendor ON access_grants (vendor_org_id, incident_id);
CREATE INDEX access_grants_org ON access_grants (org_id);

-- True when the acting organisation holds a live grant on the incident (write implies read).
CREATE FUNCTION sokuho_granted(p_incident uuid, p_need text) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM access_grants g
     WHERE g.incident_id = p_incident AND g.vendor_org_id = sokuho_org()
       AND g.revoked_at IS NULL AND g.expires_at > now()
       AND (p_need = 'read' OR g.access = 'write'))
$$;

-- The audit log: one chain per organisation. Each row carries the previous row's hash; hashes are HMACs keyed by
-- the server secret, so a person with SQL access alone cannot forge a consistent chain. audit_heads holds the
-- last seq and hash per organisation, so deleting the newest rows is detected too.
CREATE TABLE audit_events (
  id             bigserial PRIMARY KEY,
  org_id         uuid NOT NULL REFERENCES organizations(id) ON DELETE RESTRICT,
  seq            bigint NOT NULL,
  occurred_at    timestamptz NOT NULL,
  actor_user_id  uuid,
  actor_token_id uuid,
  actor_org_id   uuid,
  action         text NOT NULL,
  object_type    text NOT NULL,
  object_id      text,
  before         jsonb,
  after          jsonb,
  request_id     text,
  ip             text,
  prev_hash      bytea NOT NULL,
  hash           bytea NOT NULL,
  UNIQUE (org_id, seq)
);

CREATE TABLE audit_heads (
  org_id  uuid PRIMARY KEY REFERENCES organizations(id) ON DELETE RESTRICT,
  seq     bigint NOT NULL,
  hash    bytea NOT NULL
);

-- Locks the organisation's chain for this transaction and returns its head (seq 0 and 32 zero bytes if empty).
CREATE FUNCTION sokuho_audit_head(p_org uuid) RETURNS TABLE (seq bigint, hash bytea)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO audit_heads AS h (org_id, seq, hash) VALUES (p_org, 0, '\x'::bytea || decode(repeat('00', 32), 'hex'))
    ON CONFLICT (org_id) DO NOTHING;
  RETURN QUERY SELECT h.seq, h.hash FROM audit_heads h WHERE h.org_id = p_org FOR UPDATE;
END $$;

-- Every insert must extend the head exactly; the head follows.
CREATE FUNCTION sokuho_audit_advance() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE head audit_heads;
BEGIN
  SELECT * INTO head FROM audit_heads WHERE org_id = NEW.org_id FOR UPDATE;
  IF head IS NULL OR NEW.seq <> head.seq + 1 OR NEW.prev_hash <> head.hash THEN
    RAISE EXCEPTION 'audit chain of % broken at seq %', NEW.org_id, NEW.seq USING ERRCODE = 'check_violation';
  END IF;
  UPDATE audit_heads SET seq = NEW.seq, hash = NEW.hash WHERE org_id = NEW.org_id;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_events_advance BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION sokuho_audit_advance();

-- Row-level security ---------------------------------------------------------------------------------------------

ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
CREATE POLICY organizations_read ON organizations FOR SELECT TO sokuho_app USING (true);
CREATE POLICY organizations_update ON organizations FOR UPDATE TO sokuho_app
  USING (id = sokuho_org()) WITH CHECK (id = sokuho_org());

ALTER TABLE org_relations ENABLE ROW LEVEL SECURITY;
CREATE POLICY org_relations_read ON org_relations FOR SELECT TO sokuho_app
  USING (company_org_id = sokuho_org() OR related_org_id = sokuho_org());

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_read ON users FOR SELECT TO sokuho_app USING (
  id = sokuho_user()
  OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.org_id = sokuho_org()));
CREATE POLICY users_update_self ON users FOR UPDATE TO sokuho_app USING (id = sokuho_user()) WITH CHECK (id = sokuho_user());

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
CREATE POLICY memberships_read ON memberships FOR SELECT TO sokuho_app
  USING (org_id = sokuho_org() OR user_id = sokuho_user());
CREATE POLICY memberships_write ON memberships FOR ALL TO sokuho_app
  USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org());

ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
CREATE POLICY api_tokens_all ON api_tokens FOR ALL TO sokuho_app
  USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org());

ALTER TABLE incidents ENABLE ROW LEVEL SECURITY;
CREATE POLICY incidents_read ON incidents FOR SELECT TO sokuho_app
  USING (org_id = sokuho_org() OR sokuho_granted(id, 'read'));
CREATE POLICY incidents_insert ON incidents FOR INSERT TO sokuho_app WITH CHECK (org_id = sokuho_org());
CREATE POLICY incidents_update ON incidents FOR UPDATE TO sokuho_app
  USING (org_id = sokuho_org() OR sokuho_granted(id, 'write'))
  WITH CHECK (org_id = sokuho_org() OR sokuho_granted(id, 'write'));
CREATE POLICY incidents_delete ON incidents FOR DELETE TO sokuho_app USING (org_id = sokuho_org());

ALTER TABLE access_grants ENABLE ROW LEVEL SECURITY;
CREATE POLICY access_grants_read ON access_grants FOR SELECT TO sokuho_app
  USING (org_id = sokuho_org() OR vendor_org_id = sokuho_org());
CREATE POLICY access_grants_write ON access_grants FOR ALL TO sokuho_app
  USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org());

ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY audit_events_read ON audit_events FOR SELECT TO sokuho_app USING (org_id = sokuho_org());
-- A vendor acting on a granted incident writes into the owning company's chain.
CREATE POLICY audit_events_insert ON audit_events FOR INSERT TO sokuho_app WITH CHECK (
  org_id = sokuho_org()
  OR EXISTS (SELECT 1 FROM access_grants g WHERE g.org_id = audit_events.org_id AND g.vendor_org_id = sokuho_org()
               AND g.revoked_at IS NULL AND g.expires_at > now()));
ALTER TABLE audit_heads ENABLE ROW LEVEL SECURITY;

-- Privileges: no sessions, password resets or audit heads; the audit log is append-only for the application.
GRANT SELECT, UPDATE ON organizations TO sokuho_app;
GRANT SELECT ON org_relations TO sokuho_app;
GRANT SELECT, UPDATE (display_name, locale, updated_at) ON users TO sokuho_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships, api_tokens, incidents, access_grants TO sokuho_app;
GRANT SELECT, INSERT ON audit_events TO sokuho_app;
GRANT USAGE ON SEQUENCE audit_events_id_seq TO sokuho_app;
GRANT EXECUTE ON FUNCTION sokuho_audit_head(uuid) TO sokuho_app;
