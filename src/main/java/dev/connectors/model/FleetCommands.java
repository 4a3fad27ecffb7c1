package dev.connectors.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The store commands of the fleet endpoints, which go beyond Elasticsearch's API. */
public final class FleetCommands {

  private FleetCommands() {
  }

  /**
   * A connector's error history, newest first: {@code size} entries older than the entry
   * {@code before} (null: from the newest), among the {@code kept} newest; the page's count is
   * of the entries kept.
   */
  public record GetErrorHistory(String connectorId, int size, Long before, int kept)
      implements StoreCommand<Page<ErrorChange>> {
  }

  /**
   * Keeps the newest {@code kept} entries of each connector's error history, looking at the
   * connectors written to since the entry {@code since}; answers where the next pass starts.
   */
  public record PruneErrorHistory(long since, int kept) implements StoreCommand<Long> {
  }

  /**
   * The fleet's counts ({@code SqlQueries.fleetCounts}): of every connector from the latest
   * snapshot (counted now when there is none yet), or, with a {@code scope}, of those connectors
   * only, counted now.
   */
  public record GetFleetStats(Duration offlineAfter, Duration idleJobAfter, List<String> scope)
      implements StoreCommand<FleetCounts> {
  }

  /** Named counts, and when they were counted. */
  public record FleetCounts(Map<String, Long> counts, Instant countedAt) {
  }

  /** Recounts the fleet's snapshot unless another instance is at it or did it within {@code notWithin}. */
  public record RefreshFleetStats(Duration offlineAfter, Duration idleJobAfter, Duration notWithin)
      implements StoreCommand<Boolean> {
  }

  /** Up to {@code batch} running jobs unseen for {@code idleFor} end in error with {@code message}; answers how many. */
  public record ReapIdleJobs(Duration idleFor, String message, int batch) implements StoreCommand<Integer> {
  }

  /** Up to {@code batch} unfinished jobs of deleted or removed connectors are canceled; answers how many. */
  public record CancelOrphanedJobs(int batch) implements StoreCommand<Integer> {
  }

  /** Up to {@code batch} jobs finished more than {@code finishedFor} ago are deleted; answers how many. */
  public record DeleteExpiredJobs(Duration finishedFor, int batch) implements StoreCommand<Integer> {
  }

  /** One change of a connector's error or status, as the request that made it left them. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ErrorChange(@JsonIgnore long seq, Instant at, String status, String error, String previousStatus,
      String previousError) {
  }

  /**
   * Up to {@code limit} changes numbered after {@code after}, oldest first, of transactions that
   * have ended; {@code after} null: none, only where a reader starting now starts.
   */
  public record ReadChanges(Long after, int limit) implements StoreCommand<Changes> {
  }

  /**
   * Changes read, {@code position} the number of the last (or where a reader starting now
   * starts), {@code horizon} the number through which changes may have been deleted.
   */
  public record Changes(List<Change> changes, long position, long horizon) {
  }

  /**
   * One change of a connector ({@code created}, {@code deleted}, {@code error}, {@code status},
   * {@code configuration}, {@code scheduling}, {@code filtering}, {@code sync}, {@code other}) or
   * of its liveness ({@code offline}, {@code online}), with the connector's status, error and
   * last check-in as the change left them.
   */
  public record Change(long number, String connectorId, String change, String status, String error,
      Instant lastSeen, Instant at) {
  }

  /** Deletes up to about {@code batch} changes older than {@code retention}; answers how many. */
  public record PruneChanges(Duration retention, int batch) implements StoreCommand<Integer> {
  }

  /**
   * Announces the connectors gone offline (unseen for {@code offlineAfter}) or back online since
   * the last pass; answers how many.
   */
  public record AnnounceOffline(Duration offlineAfter) implements StoreCommand<Integer> {
  }
}
