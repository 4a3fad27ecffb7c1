package dev.connectors.model;

/**
 * Elasticsearch's rule that the index of an Elastic-managed (native) connector starts with
 * {@code content-}, in one place: checked in Java where the request alone decides (create), and
 * as SQL where the stored row does ({@code _native}, {@code _index_name}), with one message.
 */
public final class ManagedConnectorIndex {

  public static final String PREFIX = "content-";
  private static final String BEFORE = "Index [";
  private static final String AFTER = "] is invalid. Index attached to an Elastic-managed connector must start with "
      + "the prefix: [" + PREFIX + "]";

  private ManagedConnectorIndex() {
  }

  /** Null when allowed; else Elasticsearch's reason. */
  public static String violation(boolean isNative, String indexName) {
    return isNative && indexName != null && !indexName.startsWith(PREFIX) ? BEFORE + indexName + AFTER : null;
  }

  /** The same rule as an SQL expression over two SQL expressions: NULL when allowed, else the reason. */
  public static String violationSql(String isNative, String indexName) {
    String index = "(" + indexName + ")";
    return "CASE WHEN " + isNative + " AND " + index + " IS NOT NULL AND " + index + " NOT LIKE '" + PREFIX + "%' THEN '"
        + BEFORE + "' || " + index + " || '" + AFTER + "' END";
  }
}
