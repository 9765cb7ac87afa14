-- The server keeps a signed-in caller's list read in memory (src/platform/http/read-cache.ts) and drops every
-- kept read when anything it depends on changes: each statement that changes one of these tables sends a
-- notification on 'sokuho_read_cache' when its transaction commits (NOTIFY is transactional: a rolled-back change
-- sends nothing; PostgreSQL folds a transaction's identical notifications into one). What a kept read depends on:
-- the session and the membership it was authorised by, the names of users and organisations it shows, and the
-- incidents, their clocks, the grants that make an incident visible and the gap targets.
CREATE FUNCTION sokuho_read_cache_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('sokuho_read_cache', TG_TABLE_NAME);
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['memberships', 'organizations', 'incidents', 'incident_clock_events', 'access_grants', 'org_gap_targets'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION sokuho_read_cache_changed()', t || '_read_cache', t);
  END LOOP;
END $$;
-- A new session or a touch (last_seen_at, once a minute) changes no kept read; an ended or altered session does.
CREATE TRIGGER sessions_read_cache AFTER DELETE OR TRUNCATE OR UPDATE OF id_hash, user_id, csrf_token, expires_at ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION sokuho_read_cache_changed();
-- A failed login (failed_logins, locked_until) changes no kept read; a new name or language does.
CREATE TRIGGER users_read_cache AFTER DELETE OR TRUNCATE OR UPDATE OF display_name, locale ON users
  FOR EACH STATEMENT EXECUTE FUNCTION sokuho_read_cache_changed();
