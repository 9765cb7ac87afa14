-- Removing a channel cancels the messages still queued for it, here rather than in the worker: the foreign key then
-- sets their channel_id to NULL, which the worker can no longer tell from a message queued without a channel on
-- purpose (a member with no channel is reached at their sign-in address). Runs before the key's SET NULL.
CREATE FUNCTION sokuho_cancel_channel_outbox() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  UPDATE network_outbox SET state = 'cancelled', lease_owner = NULL, lease_until = NULL
   WHERE channel_id = OLD.id AND state IN ('pending', 'failed');
  RETURN OLD;
END $$;
CREATE TRIGGER network_channels_cancel_outbox BEFORE DELETE ON network_channels
  FOR EACH ROW EXECUTE FUNCTION sokuho_cancel_channel_outbox();
