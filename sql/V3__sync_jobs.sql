-- Sync jobs: one row a job, with a snapshot of its connector taken when the job was created.

CREATE TABLE sync_jobs (
  id                        text        PRIMARY KEY,
  -- null once the connector's row is removed (DELETE ?hard=true without delete_sync_jobs):
  -- the job keeps its snapshot of the connector
  connector_id              text        REFERENCES connectors (id) ON DELETE SET NULL,
  connector                 jsonb       NOT NULL,
  job_type                  text        NOT NULL
    CHECK (job_type IN ('full', 'incremental', 'access_control')),
  trigger_method            text        NOT NULL CHECK (trigger_method IN ('on_demand', 'scheduled')),
  status                    text        NOT NULL DEFAULT 'pending'
    CHECK (status IN ('canceling', 'canceled', 'completed', 'error', 'in_progress', 'pending', 'suspended')),
  error                     text,
  worker_hostname           text,
  metadata                  jsonb       NOT NULL DEFAULT '{}',
  deleted_document_count    bigint      NOT NULL DEFAULT 0,
  indexed_document_count    bigint      NOT NULL DEFAULT 0,
  indexed_document_volume   bigint      NOT NULL DEFAULT 0,
  total_document_count      bigint      NOT NULL DEFAULT 0,
  created_at                timestamptz NOT NULL DEFAULT now(),
  last_seen                 timestamptz,
  started_at                timestamptz,
  completed_at              timestamptz,
  canceled_at               timestamptz,
  cancelation_requested_at  timestamptz,
  updated_at                timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX sync_jobs_connector ON sync_jobs (connector_id, created_at, id);
CREATE INDEX sync_jobs_list_order ON sync_jobs (created_at, id);
CREATE INDEX sync_jobs_status ON sync_jobs (status);
