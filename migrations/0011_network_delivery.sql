-- Contact network (issue 10), the delivery half: what the workers need beside the outbox of 0010.

-- The delivery log: one row per attempt to hand a message (or a test message) to its receiver. No personal data:
-- the channel and the outbox row by id, the receiver's status code, an error kind and a sentence written by
-- sokuho (never the receiver's body, which may echo an address).
CREATE TABLE network_delivery_log (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  org_id       uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  channel_id   uuid REFERENCES network_channels(id) ON DELETE CASCADE,
  outbox_id    uuid REFERENCES network_outbox(id) ON DELETE CASCADE,
  attempt      integer NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('sent', 'failed', 'reconciled')),
  -- HTTP status (webhooks) or SMTP reply code (mail); NULL when there was no answer (timeout, refused).
  status_code  integer,
  error_code   text CHECK (error_code IN ('timeout', 'connection', 'http_status', 'smtp_reject', 'smtp_temporary', 'invalid', 'disabled', 'other')),
  duration_ms  integer,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX network_delivery_log_channel ON network_delivery_log (org_id, channel_id, at DESC);
ALTER TABLE network_delivery_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY network_delivery_log_read ON network_delivery_log FOR SELECT TO sokuho_app USING (org_id = sokuho_org());
GRANT SELECT ON network_delivery_log TO sokuho_app;

-- Why a channel was disabled, as a kind and a status code, so the owner reads a sentence in their language.
ALTER TABLE network_channels ADD COLUMN disabled_code text CHECK (disabled_code IN ('timeout', 'connection', 'http_status', 'smtp_reject', 'smtp_temporary', 'invalid', 'other'));
ALTER TABLE network_channels ADD COLUMN disabled_status integer;

-- The receiver's reference for an accepted message (Postfix's queue id, from "250 2.0.0 Ok: queued as …").
ALTER TABLE network_outbox ADD COLUMN provider_ref text CHECK (length(provider_ref) <= 200);

-- One sender per destination across every worker process, and the throttle per destination: a worker leases a
-- destination (by its keyed hash, never the address) before it leases that destination's rows; the window counts
-- what was sent to it lately. Workers only (owner role): no tenant reads it.
CREATE TABLE network_destinations (
  destination_hash bytea PRIMARY KEY,
  lease_owner      text,
  lease_until      timestamptz NOT NULL DEFAULT now(),
  window_start     timestamptz NOT NULL DEFAULT now(),
  window_count     integer NOT NULL DEFAULT 0
);
CREATE INDEX network_outbox_destination_due ON network_outbox (destination_hash, next_attempt_at) WHERE state IN ('pending', 'failed', 'sending');
