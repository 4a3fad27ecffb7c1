-- The fleet's counts for GET /_connector/_stats (beyond Elasticsearch), recomputed every
-- HOUSEKEEPING_INTERVAL by one instance at a time (an advisory lock) rather than on each
-- request: counting a million connectors by status takes most of a second, a snapshot read
-- takes a millisecond. One row.
CREATE TABLE fleet_stats (
  id           int         PRIMARY KEY CHECK (id = 1),
  counts       jsonb       NOT NULL,
  computed_at  timestamptz NOT NULL
);
