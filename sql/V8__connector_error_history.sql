-- Error history (beyond Elasticsearch): every change of a connector's error or status, written
-- by the very statement that makes the change (see SqlQueries.UPDATE_ERRORS and
-- conditionalUpdate), newest first by seq. Removed with its connector's row by the statement
-- that removes the row (SqlQueries.HARD_DELETE_CONNECTOR): a foreign key would run its check,
-- a query of its own, for every entry written on the hottest write path.
CREATE TABLE connector_error_history (
  seq              bigint      GENERATED ALWAYS AS IDENTITY,
  connector_id     text        NOT NULL,
  at               timestamptz NOT NULL DEFAULT now(),
  status           text        NOT NULL,
  error            text,
  previous_status  text        NOT NULL,
  previous_error   text,
  PRIMARY KEY (connector_id, seq)
);

-- the pruning pass finds the connectors written to since its last pass by seq; seq only grows,
-- which a BRIN index serves at a fraction of a B-tree's cost per insert
CREATE INDEX connector_error_history_seq ON connector_error_history USING brin (seq);
