package dev.connectors.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/** The store commands of the fleet endpoints, which go beyond Elasticsearch's API. */
public final class FleetCommands {

  private FleetCommands() {
  }

  /**
   * A connector's error history, newest first: {@code size} entries older than the entry
   * {@code before} (null: from the newest), among the {@code kept} newest.
   */
  public record GetErrorHistory(String connectorId, int size, Long before, int kept)
      implements StoreCommand<ErrorHistory> {
  }

  /**
   * Keeps the newest {@code kept} entries of each connector's error history, looking at the
   * connectors written to since the entry {@code since}; answers where the next pass starts.
   */
  public record PruneErrorHistory(long since, int kept) implements StoreCommand<Long> {
  }

  /** One change of a connector's error or status, as the request that made it left them. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record ErrorChange(@JsonIgnore long seq, Instant at, String status, String error, String previousStatus,
      String previousError) {
  }

  /** A page of a connector's history: {@code count} entries kept in all; {@code more} when older ones follow. */
  public record ErrorHistory(long count, List<ErrorChange> results, boolean more) {
  }
}
