-- Contact network (issue 10), two changes.
--
-- 1. Acknowledging stops the mail. When a page is acknowledged or resolved, or a broadcast recipient acknowledges,
--    its messages still queued (pending, or failed and waiting for a retry: not leased by any worker) are cancelled
--    in the acknowledging transaction. A row already leased (`sending`) is left to its worker: the one message in
--    flight still goes out. Done by triggers so that every path (UI, API, link, answer) does it, and atomically
--    with the acknowledgement: the lease query and this UPDATE take the same row locks, so a row is either leased
--    before the acknowledgement (and sent) or cancelled by it (and never leased), never both.
CREATE FUNCTION sokuho_network_page_cancel_queued() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE network_outbox SET state = 'cancelled', lease_owner = NULL, lease_until = NULL
   WHERE page_id = NEW.id AND org_id = NEW.org_id AND state IN ('pending', 'failed');
  RETURN NULL;
END $$;
CREATE TRIGGER network_pages_cancel_queued AFTER UPDATE OF status ON network_pages
  FOR EACH ROW WHEN (NEW.status IN ('acknowledged', 'resolved') AND OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION sokuho_network_page_cancel_queued();

CREATE FUNCTION sokuho_network_recipient_cancel_queued() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  UPDATE network_outbox SET state = 'cancelled', lease_owner = NULL, lease_until = NULL
   WHERE broadcast_id = NEW.broadcast_id AND org_id = NEW.org_id AND state IN ('pending', 'failed');
  RETURN NULL;
END $$;
CREATE TRIGGER network_broadcast_recipients_cancel_queued AFTER UPDATE OF acknowledged_at ON network_broadcast_recipients
  FOR EACH ROW WHEN (OLD.acknowledged_at IS NULL AND NEW.acknowledged_at IS NOT NULL)
  EXECUTE FUNCTION sokuho_network_recipient_cancel_queued();

-- 2. One table of signed single-use links (was network_action_links for pages, network_broadcast_links for
--    broadcasts). The token is stored only as an HMAC (each purpose keeps its own derivation, so links already
--    mailed keep working: their hashes move unchanged); used once by a conditional UPDATE; expires.
CREATE TABLE network_links (
  token_hash    bytea PRIMARY KEY,
  -- The organisation the link acts in: the page's, or the broadcast recipient's.
  org_id        uuid NOT NULL,
  purpose       text NOT NULL CHECK (purpose IN ('page', 'broadcast')),
  action        text NOT NULL CHECK (action IN ('acknowledge', 'resolve')),
  -- page: the page and who it was sent to (NULL: the desk's shared channel).
  page_id       uuid,
  user_id       uuid REFERENCES users(id) ON DELETE CASCADE,
  -- broadcast: the recipient row, its broadcast and sender, and which message (1 = first, n + 1 = n-th reminder).
  recipient_id  uuid REFERENCES network_broadcast_recipients(id) ON DELETE CASCADE,
  broadcast_id  uuid,
  sender_org_id uuid,
  attempt       integer,
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (org_id, page_id) REFERENCES network_pages (org_id, id) ON DELETE CASCADE,
  CHECK ((purpose = 'page') = (page_id IS NOT NULL)),
  CHECK (purpose = 'page' OR (recipient_id IS NOT NULL AND broadcast_id IS NOT NULL AND sender_org_id IS NOT NULL
                              AND attempt IS NOT NULL AND action = 'acknowledge' AND user_id IS NULL)),
  CHECK (purpose = 'broadcast' OR (recipient_id IS NULL AND broadcast_id IS NULL AND sender_org_id IS NULL AND attempt IS NULL))
);
CREATE INDEX network_links_page ON network_links (page_id) WHERE page_id IS NOT NULL;
CREATE INDEX network_links_recipient ON network_links (recipient_id) WHERE recipient_id IS NOT NULL;

INSERT INTO network_links (token_hash, org_id, purpose, action, page_id, user_id, expires_at, used_at, created_at)
SELECT token_hash, org_id, 'page', action, page_id, user_id, expires_at, used_at, created_at FROM network_action_links;
INSERT INTO network_links (token_hash, org_id, purpose, action, recipient_id, broadcast_id, sender_org_id, attempt, expires_at, used_at, created_at)
SELECT token_hash, org_id, 'broadcast', 'acknowledge', recipient_id, broadcast_id, sender_org_id, attempt, expires_at, used_at, created_at
  FROM network_broadcast_links;
DROP TABLE network_action_links;
DROP TABLE network_broadcast_links;

-- Row-level security, as before for each purpose: a page's links belong to its organisation (the worker writes them
-- as the platform); a broadcast's links are written by the sender with its messages, for its own recipient rows.
-- Links are read and used by the platform (the link routes, no tenant).
ALTER TABLE network_links ENABLE ROW LEVEL SECURITY;
CREATE POLICY network_links_page ON network_links FOR ALL TO sokuho_app
  USING (purpose = 'page' AND org_id = sokuho_org()) WITH CHECK (purpose = 'page' AND org_id = sokuho_org());
CREATE POLICY network_links_broadcast_insert ON network_links FOR INSERT TO sokuho_app WITH CHECK (
  purpose = 'broadcast' AND sender_org_id = sokuho_org()
  AND EXISTS (SELECT 1 FROM network_broadcast_recipients r WHERE r.id = recipient_id AND r.sender_org_id = sokuho_org()
                AND r.broadcast_id = network_links.broadcast_id AND r.org_id = network_links.org_id));
GRANT SELECT, INSERT ON network_links TO sokuho_app;
