-- The fleet's counts for GET /_connector/_stats (beyond Elasticsearch), recomputed every
-- HOUSEKEEPING_INTERVAL by one instance at a time (an advisory lock) rather than on each
-- request: counting a million connectors by status takes most of a second, a snapshot read
-- takes a millisecond. One row.
CREATE TABLE fleet_stats (
  id           int         PRIMARY KEY CHECK (id = 1),
  counts       jsonb       NOT NULL,
  computed_at  timestamptz NOT NULL
);

-- The housekeeping finds the jobs of deleted or removed connectors through these, not by
-- scanning every job each pass (2.5 s at a million jobs). Neither column changes on the write
-- paths (soft deletes aside), so updates stay HOT.
CREATE INDEX connectors_deleted ON connectors (id) WHERE deleted;
CREATE INDEX sync_jobs_without_connector ON sync_jobs (id) WHERE connector_id IS NULL;
