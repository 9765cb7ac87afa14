-- Audit and evidence hardening (issue 8: items 3, 10, 11, 13, 14, 15).

-- Signed chain heads. The head's seq and hash are signed (HMAC with a key derived from the server secret) by the
-- application on every append, so rewinding a head in SQL (after deleting the newest rows) leaves a head whose
-- signature does not match. The signature travels with the insert in `head_sig`, which the trigger moves to the
-- head and clears: a row never keeps its own head signature, otherwise deleting the rows after it and copying it
-- back would pass.
ALTER TABLE audit_heads ADD COLUMN sig bytea;
ALTER TABLE audit_events ADD COLUMN head_sig bytea;
ALTER TABLE audit_events ADD CONSTRAINT audit_events_head_sig_transient CHECK (head_sig IS NULL);

CREATE OR REPLACE FUNCTION sokuho_audit_advance() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE head audit_heads;
BEGIN
  SELECT * INTO head FROM audit_heads WHERE org_id = NEW.org_id FOR UPDATE;
  IF head IS NULL OR NEW.seq <> head.seq + 1 OR NEW.prev_hash <> head.hash THEN
    RAISE EXCEPTION 'audit chain of % broken at seq %', NEW.org_id, NEW.seq USING ERRCODE = 'check_violation';
  END IF;
  UPDATE audit_heads SET seq = NEW.seq, hash = NEW.hash, sig = NEW.head_sig WHERE org_id = NEW.org_id;
  NEW.head_sig := NULL;
  RETURN NEW;
END $$;

-- The security log: what happened to each account (sign-in, failed sign-in, lockout, sign-out, password reset
-- requested and done, profile changes). Sign-in has no organisation, so this is per user, not in an org's chain;
-- it is erasable with the account (ON DELETE CASCADE). Never an email or a password: the user id, the client's IP
-- and user agent, the request id, and for a change the names of the fields changed. Only the owner role reads and
-- writes it (the platform's auth code); users see their own, org-admins their members', through the API.
CREATE TABLE security_events (
  id          bigserial PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  at          timestamptz NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('sign_in', 'sign_in_failed', 'locked', 'sign_out', 'password_reset_requested',
                                           'password_reset', 'profile_updated')),
  ip          text,
  user_agent  text,
  request_id  text,
  detail      jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX security_events_user_at ON security_events (user_id, at DESC, id DESC);
ALTER TABLE security_events ENABLE ROW LEVEL SECURITY;
