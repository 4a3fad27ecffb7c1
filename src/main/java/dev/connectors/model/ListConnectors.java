package dev.connectors.model;

import java.time.Duration;
import java.util.List;

/**
 * A page of connectors in {@code index_name}, {@code id} order (a null index name last). An empty
 * filter list does not filter; {@code query} (may be null) matches a substring of index name,
 * name or description. Beyond Elasticsearch: {@code statuses}, {@code offline} (null: either;
 * offline past {@code offlineAfter}), {@code after}, the last connector of the page before
 * (null: start at {@code from}), and {@code scope}, the only connectors the caller may see
 * (null: every one).
 */
public record ListConnectors(
    int from,
    int size,
    List<String> indexNames,
    List<String> names,
    List<String> serviceTypes,
    String query,
    boolean includeDeleted,
    List<String> statuses,
    Boolean offline,
    Duration offlineAfter,
    After after,
    List<String> scope) implements StoreCommand<Page<Connector>> {

  /** Where a page continues: after this connector in the list's order. */
  public record After(String indexName, String id) {
  }

  /** Elasticsearch's list: none of the filters beyond it. */
  public static ListConnectors elasticsearch(int from, int size, List<String> indexNames, List<String> names,
      List<String> serviceTypes, String query, boolean includeDeleted) {
    return new ListConnectors(from, size, indexNames, names, serviceTypes, query, includeDeleted, List.of(), null,
        Duration.ZERO, null, null);
  }
}
