package dev.connectors.model;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The sync-job states of the Connector Protocol, with Elasticsearch's transitions
 * ({@code ConnectorSyncJobStateMachine}) and its message for a refused one.
 */
public enum SyncJobStatus {
  PENDING, IN_PROGRESS, COMPLETED, SUSPENDED, CANCELING, CANCELED, ERROR;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Set<SyncJobStatus> next() {
    return switch (this) {
      case PENDING -> EnumSet.of(IN_PROGRESS, CANCELED);
      case IN_PROGRESS -> EnumSet.of(CANCELING, COMPLETED, SUSPENDED, ERROR);
      case SUSPENDED -> EnumSet.of(IN_PROGRESS, CANCELED);
      case CANCELING -> EnumSet.of(CANCELED, ERROR);
      case COMPLETED, CANCELED, ERROR -> EnumSet.noneOf(SyncJobStatus.class);
    };
  }

  /** The wire names of the statuses a job may move to this one from, as an SQL list: {@code ('a', 'b')}. */
  public String allowedFromSql() {
    return EnumSet.allOf(SyncJobStatus.class).stream().filter(from -> from.next().contains(this))
        .map(from -> "'" + from.wireName() + "'").collect(Collectors.joining(", ", "(", ")"));
  }

  /** Elasticsearch's reason for a refused transition, as SQL over the current status {@code current}. */
  public String refusalSql(String current) {
    return "'Invalid transition attempt from [' || " + current + " || '] to [" + wireName()
        + "]. Such a ConnectorSyncStatus transition is not supported by the Connector Protocol.'";
  }
}
