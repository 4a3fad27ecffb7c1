package dev.connectors.model;

import io.vertx.core.json.JsonObject;
import java.util.List;

/** The store commands for sync jobs. */
public final class SyncJobCommands {

  private SyncJobCommands() {
  }

  /** A pending job for a live connector, with a snapshot of the connector's sync settings. */
  public record CreateSyncJob(String id, String connectorId, String jobType, String triggerMethod)
      implements StoreCommand<WriteResult> {
  }

  /** A job; {@code scope}: the connectors whose jobs the caller may see (null: every one), others are not found. */
  public record GetSyncJob(String id, List<String> scope) implements StoreCommand<SyncJob> {
  }

  /**
   * Jobs newest first, as Elasticsearch lists them; a null or empty filter does not filter.
   * Beyond Elasticsearch: {@code after}, the last job of the page before (null: start at
   * {@code from}), and {@code scope}, the only connectors whose jobs the caller may see (null:
   * every one).
   */
  public record ListSyncJobs(int from, int size, String status, String connectorId, List<String> jobTypes,
      After after, List<String> scope) implements StoreCommand<Page<SyncJob>> {

    /** Where a page continues: after this job in the list's order, its creation time in microseconds. */
    public record After(long createdAtMicros, String id) {
    }
  }

  public record DeleteSyncJob(String id, List<String> scope) implements StoreCommand<WriteResult> {
  }

  /** The sync-job updates, one per {@code PUT /_connector/_sync_job/{id}/<suffix>} endpoint. */
  public enum SyncJobUpdate { CANCEL, CHECK_IN, CLAIM, ERROR, STATS }

  /**
   * One update of a job; {@code patch} holds the request's checked fields; {@code scope}: the
   * connectors whose jobs the caller may write (null: every one), others are not found.
   */
  public record UpdateSyncJob(String id, SyncJobUpdate update, JsonObject patch, List<String> scope)
      implements StoreCommand<WriteResult> {
  }
}
