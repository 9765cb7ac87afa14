-- Webhooks reach only public addresses unless the operator allows private ones: a refused address is a delivery
-- outcome of its own (and the reason a webhook channel was disabled), so the owner reads why.
ALTER TABLE network_delivery_log DROP CONSTRAINT network_delivery_log_error_code_check;
ALTER TABLE network_delivery_log ADD CONSTRAINT network_delivery_log_error_code_check
  CHECK (error_code IN ('timeout', 'connection', 'http_status', 'smtp_reject', 'smtp_temporary', 'invalid', 'blocked_address', 'disabled', 'other'));
ALTER TABLE network_channels DROP CONSTRAINT network_channels_disabled_code_check;
ALTER TABLE network_channels ADD CONSTRAINT network_channels_disabled_code_check
  CHECK (disabled_code IN ('timeout', 'connection', 'http_status', 'smtp_reject', 'smtp_temporary', 'invalid', 'blocked_address', 'other'));
