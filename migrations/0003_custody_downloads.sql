-- A vendor with only a read grant may download evidence, so it must be able to record that download in the
-- chain of custody, and nothing else: one more (permissive, OR-ed) insert policy, limited to its own
-- 'downloaded' rows on evidence of an incident it can read.
CREATE POLICY custody_events_insert_download ON custody_events FOR INSERT TO sokuho_app WITH CHECK (
  action = 'downloaded'
  AND actor_org_id = sokuho_org()
  AND sokuho_incident_visible(org_id, (SELECT e.incident_id FROM evidence e WHERE e.id = evidence_id), 'read'));
