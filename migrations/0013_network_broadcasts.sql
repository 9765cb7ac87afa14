-- Contact network (issue 10, item 4 and 7): broadcasts and requests (要請) across organisations, and drills.
-- A regulator or an association sends an alert or a request to organisations related to it; each recipient
-- organisation has one row, acknowledged (and, for a request, answered) by its members or by a signed link from the
-- duty-desk message. Unacknowledged rows are reminded once per interval and escalate inside the recipient.

-- Whom a sender may reach, as the acting organisation (sokuho_org()): the companies it supervises, its member
-- companies, and (a regulator) the associations its supervised companies belong to: the industry bodies of its
-- sector. SECURITY DEFINER because a regulator cannot read the member_of rows of its companies; it takes no
-- argument, so nobody learns another organisation's relations through it.
CREATE FUNCTION sokuho_broadcast_reach() RETURNS TABLE (org_id uuid, via text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT r.company_org_id, r.kind FROM org_relations r
   WHERE r.related_org_id = sokuho_org() AND r.kind IN ('supervised_by', 'member_of')
  UNION
  SELECT DISTINCT m.related_org_id, 'association' FROM org_relations s
    JOIN org_relations m ON m.company_org_id = s.company_org_id AND m.kind = 'member_of'
   WHERE s.related_org_id = sokuho_org() AND s.kind = 'supervised_by' AND m.related_org_id <> sokuho_org()
$$;
REVOKE ALL ON FUNCTION sokuho_broadcast_reach() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sokuho_broadcast_reach() TO sokuho_app;

CREATE TABLE network_broadcasts (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  sender_org_id     uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  kind              text NOT NULL CHECK (kind IN ('alert', 'request')),
  title_ja          text NOT NULL DEFAULT '' CHECK (length(title_ja) <= 300),
  title_en          text NOT NULL DEFAULT '' CHECK (length(title_en) <= 300),
  body_ja           text NOT NULL DEFAULT '' CHECK (length(body_ja) <= 20000),
  body_en           text NOT NULL DEFAULT '' CHECK (length(body_en) <= 20000),
  audience          text NOT NULL CHECK (audience IN ('supervised', 'members', 'associations', 'related', 'list')),
  is_drill          boolean NOT NULL DEFAULT false,
  reminder_minutes  integer NOT NULL DEFAULT 60 CHECK (reminder_minutes BETWEEN 1 AND 10080),
  max_reminders     integer NOT NULL DEFAULT 3 CHECK (max_reminders BETWEEN 0 AND 20),
  created_by        uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  closed_at         timestamptz,
  closed_by         uuid REFERENCES users(id) ON DELETE SET NULL,
  CHECK (length(title_ja) + length(title_en) > 0),
  UNIQUE (sender_org_id, id)
);
CREATE INDEX network_broadcasts_sender ON network_broadcasts (sender_org_id, created_at DESC);

-- Every change of a recipient row takes the next value: the live board sends rows changed after the last event
-- id it sent (SSE Last-Event-ID), across server processes.
CREATE SEQUENCE network_broadcast_change_seq;

CREATE TABLE network_broadcast_recipients (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  broadcast_id          uuid NOT NULL,
  sender_org_id         uuid NOT NULL,
  org_id                uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  via                   text NOT NULL CHECK (via IN ('supervised_by', 'member_of', 'association')),
  acknowledged_at       timestamptz,
  acknowledged_by       uuid REFERENCES users(id) ON DELETE SET NULL,
  -- The acknowledger's name as shown to the sender (a link acknowledgement has none).
  acknowledged_by_name  text CHECK (length(acknowledged_by_name) <= 200),
  acknowledged_via      text CHECK (acknowledged_via IN ('ui', 'api', 'link')),
  answer_text           text CHECK (length(answer_text) <= 20000),
  answer_file_key       text,
  answer_file_name      text CHECK (length(answer_file_name) <= 255),
  answer_file_type      text CHECK (length(answer_file_type) <= 200),
  answer_file_size      bigint,
  answer_file_sha256    text,
  answered_at           timestamptz,
  answered_by           uuid REFERENCES users(id) ON DELETE SET NULL,
  answered_by_name      text CHECK (length(answered_by_name) <= 200),
  -- Reminders: attempt 1 is the first message; each reminder is attempt reminder_count + 1.
  reminder_count        integer NOT NULL DEFAULT 0,
  last_notified_at      timestamptz NOT NULL DEFAULT now(),
  escalated_page_id     uuid,
  escalated_at          timestamptz,
  change_seq            bigint NOT NULL DEFAULT nextval('network_broadcast_change_seq'),
  FOREIGN KEY (sender_org_id, broadcast_id) REFERENCES network_broadcasts (sender_org_id, id) ON DELETE CASCADE,
  UNIQUE (broadcast_id, org_id),
  CHECK (sender_org_id <> org_id),
  CHECK ((acknowledged_at IS NULL) = (acknowledged_via IS NULL))
);
CREATE INDEX network_broadcast_recipients_org ON network_broadcast_recipients (org_id, sender_org_id);
CREATE INDEX network_broadcast_recipients_change ON network_broadcast_recipients (broadcast_id, change_seq);
CREATE INDEX network_broadcast_recipients_due ON network_broadcast_recipients (last_notified_at) WHERE acknowledged_at IS NULL;

-- Signed single-use acknowledge links (no login needed for that one action): only an HMAC of the token is stored.
CREATE TABLE network_broadcast_links (
  token_hash    bytea PRIMARY KEY,
  recipient_id  uuid NOT NULL REFERENCES network_broadcast_recipients(id) ON DELETE CASCADE,
  broadcast_id  uuid NOT NULL,
  sender_org_id uuid NOT NULL,
  org_id        uuid NOT NULL,
  attempt       integer NOT NULL,
  expires_at    timestamptz NOT NULL,
  used_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX network_broadcast_links_recipient ON network_broadcast_links (recipient_id);

-- Row-level security. The sender sees its broadcasts and all their recipients; a recipient sees its own row and
-- the broadcast it received, nothing of the other recipients.
ALTER TABLE network_broadcasts ENABLE ROW LEVEL SECURITY;
CREATE POLICY network_broadcasts_read ON network_broadcasts FOR SELECT TO sokuho_app USING (
  sender_org_id = sokuho_org()
  OR EXISTS (SELECT 1 FROM network_broadcast_recipients r WHERE r.broadcast_id = network_broadcasts.id AND r.org_id = sokuho_org()));
CREATE POLICY network_broadcasts_insert ON network_broadcasts FOR INSERT TO sokuho_app WITH CHECK (sender_org_id = sokuho_org());
CREATE POLICY network_broadcasts_close ON network_broadcasts FOR UPDATE TO sokuho_app
  USING (sender_org_id = sokuho_org()) WITH CHECK (sender_org_id = sokuho_org());
GRANT SELECT, INSERT ON network_broadcasts TO sokuho_app;
GRANT UPDATE (closed_at, closed_by) ON network_broadcasts TO sokuho_app;

ALTER TABLE network_broadcast_recipients ENABLE ROW LEVEL SECURITY;
CREATE POLICY network_broadcast_recipients_read ON network_broadcast_recipients FOR SELECT TO sokuho_app
  USING (org_id = sokuho_org() OR sender_org_id = sokuho_org());
-- Only organisations within the sender's reach, resolved when it sends.
CREATE POLICY network_broadcast_recipients_insert ON network_broadcast_recipients FOR INSERT TO sokuho_app WITH CHECK (
  sender_org_id = sokuho_org()
  AND EXISTS (SELECT 1 FROM sokuho_broadcast_reach() x WHERE x.org_id = network_broadcast_recipients.org_id AND x.via = network_broadcast_recipients.via));
-- The recipient acknowledges and answers its own row (column grants: nothing else of the row).
CREATE POLICY network_broadcast_recipients_answer ON network_broadcast_recipients FOR UPDATE TO sokuho_app
  USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org());
GRANT SELECT, INSERT ON network_broadcast_recipients TO sokuho_app;
GRANT UPDATE (acknowledged_at, acknowledged_by, acknowledged_by_name, acknowledged_via, answer_text, answer_file_key,
  answer_file_name, answer_file_type, answer_file_size, answer_file_sha256, answered_at, answered_by, answered_by_name,
  change_seq) ON network_broadcast_recipients TO sokuho_app;
GRANT USAGE ON SEQUENCE network_broadcast_change_seq TO sokuho_app;

-- Links are written by the sender with its messages and read only by the platform (the link route, as owner).
ALTER TABLE network_broadcast_links ENABLE ROW LEVEL SECURITY;
CREATE POLICY network_broadcast_links_insert ON network_broadcast_links FOR INSERT TO sokuho_app WITH CHECK (
  sender_org_id = sokuho_org()
  AND EXISTS (SELECT 1 FROM network_broadcast_recipients r WHERE r.id = recipient_id AND r.sender_org_id = sokuho_org()
                AND r.broadcast_id = network_broadcast_links.broadcast_id AND r.org_id = network_broadcast_links.org_id));
GRANT INSERT ON network_broadcast_links TO sokuho_app;

-- The sender queues each recipient's duty-desk messages in its own transaction: it may read the duty-desk
-- channels (user_id NULL) of its recipients, and insert and read the outbox rows of its broadcasts.
CREATE POLICY network_channels_broadcast_desk ON network_channels FOR SELECT TO sokuho_app USING (
  user_id IS NULL
  AND EXISTS (SELECT 1 FROM network_broadcast_recipients r WHERE r.org_id = network_channels.org_id AND r.sender_org_id = sokuho_org()));
CREATE POLICY network_outbox_broadcast_read ON network_outbox FOR SELECT TO sokuho_app USING (
  broadcast_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM network_broadcast_recipients r
               WHERE r.broadcast_id = network_outbox.broadcast_id AND r.org_id = network_outbox.org_id AND r.sender_org_id = sokuho_org()));
CREATE POLICY network_outbox_broadcast_insert ON network_outbox FOR INSERT TO sokuho_app WITH CHECK (
  broadcast_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM network_broadcast_recipients r
               WHERE r.broadcast_id = network_outbox.broadcast_id AND r.org_id = network_outbox.org_id AND r.sender_org_id = sokuho_org()));
