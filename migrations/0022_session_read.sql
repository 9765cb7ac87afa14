-- One round trip for a signed-in read: the session, the user's membership in the route's organisation and the
-- tenant settings in one statement, sent in the same write as the read it authorises (db.sessionRead).
-- The settings are set only for a session that exists, has not expired at p_now (the server's clock, so the
-- server and the database agree on expiry) and whose user is a member of p_org: otherwise the read runs without
-- an organisation and row-level security shows it nothing. The caller still checks the returned row (expiry,
-- role, policies) before it answers; this function only makes sure a read it then discards saw nothing it should
-- not. SECURITY DEFINER: sessions and other members are not readable by sokuho_app. The hash is the server-keyed
-- HMAC of the cookie: a caller that cannot compute it learns nothing.
CREATE FUNCTION sokuho_session_read(p_id_hash bytea, p_org uuid, p_now timestamptz)
RETURNS TABLE (user_id uuid, csrf_token text, expires_at timestamptz, last_seen_at timestamptz, display_name text,
               locale text, org_kind text, member_role text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE r record;
BEGIN
  SELECT s.user_id, s.csrf_token, s.expires_at, s.last_seen_at, u.display_name, u.locale, o.kind AS org_kind, m.role AS member_role
    INTO r
    FROM sessions s
    JOIN users u ON u.id = s.user_id
    LEFT JOIN organizations o ON o.id = p_org
    LEFT JOIN memberships m ON m.org_id = o.id AND m.user_id = s.user_id
   WHERE s.id_hash = p_id_hash;
  IF NOT FOUND THEN RETURN; END IF;
  IF r.expires_at > p_now AND r.member_role IS NOT NULL THEN
    PERFORM set_config('sokuho.org_id', p_org::text, true), set_config('sokuho.user_id', r.user_id::text, true);
  END IF;
  -- The read that follows is planned generically (see READ_SETTINGS_SQL in src/platform/db/database.ts).
  PERFORM set_config('plan_cache_mode', 'force_generic_plan', true);
  RETURN QUERY SELECT r.user_id, r.csrf_token, r.expires_at, r.last_seen_at, r.display_name, r.locale, r.org_kind, r.member_role;
END $$;
REVOKE ALL ON FUNCTION sokuho_session_read(bytea, uuid, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sokuho_session_read(bytea, uuid, timestamptz) TO sokuho_app;
