package dev.connectors.store;

/**
 * Why the store refused or failed a command; travels as the event-bus failure code, and the HTTP
 * side turns it into the matching Elasticsearch error.
 */
public enum StoreError {
  /** The connector (or other record) does not exist, or is soft-deleted. */
  NOT_FOUND,
  /** The request breaks a rule of the Connector Protocol (a status transition, say). */
  RULE_VIOLATION,
  /** Another live connector already writes into the requested index. */
  INDEX_NAME_IN_USE,
  /** PostgreSQL refused a value the request carried (for example text it cannot store). */
  INVALID_VALUE,
  /** PostgreSQL could not be reached; the command was not applied. */
  UNAVAILABLE,
  /** The connection broke while the command ran: a write may or may not have been applied. */
  OUTCOME_UNKNOWN,
  /** Too much work is queued already; the command was refused before it ran. */
  OVERLOADED,
  /** PostgreSQL answered with an error the service did not expect. */
  DATABASE_FAILURE,
  /** A stored value cannot be read back (JSON nested deeper than the reader allows, say). */
  UNREADABLE;

  public int code() {
    return ordinal() + 1;
  }

  public static StoreError fromCode(int code) {
    StoreError[] all = values();
    return code >= 1 && code <= all.length ? all[code - 1] : DATABASE_FAILURE;
  }
}
