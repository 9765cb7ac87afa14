-- Contact network (issue 10), the delivery floor every other part writes to: the channels through which a person
-- (or an organisation's duty desk) is reached, and the outbox. An outgoing message is a row written in the same
-- transaction as its cause; a worker leases it, sends it, and marks it sent only after the receiver accepted it.
-- The idempotency key (escalation.ts `notificationKey`: page, step, round, recipient, channel, attempt) is unique,
-- so a cause replayed after a crash cannot queue the same message twice.

-- A channel: e-mail, a webhook (Slack- or Teams-compatible or sokuho's own JSON), or a phone number kept for a
-- future SMS/voice provider. `user_id` NULL is the organisation's duty desk (共通窓口). Addresses are personal data
-- or secrets: encrypted (AES-256-GCM), with a keyed hash for equality (throttling per destination).
CREATE TABLE network_channels (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id                uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id               uuid REFERENCES users(id) ON DELETE CASCADE,
  kind                  text NOT NULL CHECK (kind IN ('email', 'webhook', 'sms', 'voice')),
  label                 text NOT NULL DEFAULT '' CHECK (length(label) <= 200),
  address_enc           bytea NOT NULL,
  address_hash          bytea NOT NULL,
  -- Webhooks: the payload shape and the HMAC-SHA-256 signing secret (encrypted).
  webhook_format        text CHECK (webhook_format IN ('slack', 'teams', 'json')),
  secret_enc            bytea,
  -- Auto-disable after repeated failure; the reason is shown to the owner.
  consecutive_failures  integer NOT NULL DEFAULT 0,
  disabled_at           timestamptz,
  disabled_reason       text CHECK (length(disabled_reason) <= 1000),
  created_by            uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'webhook') = (webhook_format IS NOT NULL)),
  UNIQUE (org_id, id)
);
CREATE INDEX network_channels_org_user ON network_channels (org_id, user_id);
-- A user's channels must belong to a member of that organisation (checked in the service; the FK keeps the user).

CREATE TABLE network_outbox (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The organisation that owns the channel (the receiver's side): it sees its delivery log.
  org_id           uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  channel_id       uuid REFERENCES network_channels(id) ON DELETE SET NULL,
  kind             text NOT NULL CHECK (kind IN ('email', 'webhook', 'sms', 'voice')),
  idempotency_key  text NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 16 AND 200),
  -- Where and what, encrypted: the address (mail address, URL, phone) and the rendered message (JSON).
  destination_enc  bytea NOT NULL,
  destination_hash bytea NOT NULL,
  payload_enc      bytea NOT NULL,
  -- What caused it (for the delivery log and the boards); free references, not FKs: the outbox outlives pages.
  page_id          uuid,
  broadcast_id     uuid,
  step             integer,
  round            integer,
  is_drill         boolean NOT NULL DEFAULT false,
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'failed', 'dead', 'cancelled')),
  attempts         integer NOT NULL DEFAULT 0,
  lease_owner      text,
  lease_until      timestamptz,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  last_error       text CHECK (length(last_error) <= 1000),
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX network_outbox_due ON network_outbox (next_attempt_at) WHERE state IN ('pending', 'failed');
CREATE INDEX network_outbox_lease ON network_outbox (lease_until) WHERE state = 'sending';
CREATE INDEX network_outbox_page ON network_outbox (page_id) WHERE page_id IS NOT NULL;
CREATE INDEX network_outbox_broadcast ON network_outbox (broadcast_id) WHERE broadcast_id IS NOT NULL;
CREATE INDEX network_outbox_org ON network_outbox (org_id, created_at DESC);

-- Members manage their organisation's channels (the service checks who may); the workers run as the owner.
ALTER TABLE network_channels ENABLE ROW LEVEL SECURITY;
CREATE POLICY network_channels_own ON network_channels FOR ALL TO sokuho_app
  USING (org_id = sokuho_org()) WITH CHECK (org_id = sokuho_org());
GRANT SELECT, INSERT, UPDATE, DELETE ON network_channels TO sokuho_app;

-- The delivery log: an organisation reads its own rows; a cause inside a tenant transaction may queue its own.
ALTER TABLE network_outbox ENABLE ROW LEVEL SECURITY;
CREATE POLICY network_outbox_read ON network_outbox FOR SELECT TO sokuho_app USING (org_id = sokuho_org());
CREATE POLICY network_outbox_insert ON network_outbox FOR INSERT TO sokuho_app WITH CHECK (org_id = sokuho_org());
GRANT SELECT, INSERT ON network_outbox TO sokuho_app;
