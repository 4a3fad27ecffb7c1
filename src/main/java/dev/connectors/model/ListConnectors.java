package dev.connectors.model;

import java.util.List;

/**
 * A page of connectors in {@code index_name}, {@code id} order. An empty filter list does not
 * filter; {@code query} (may be null) matches a substring of index name, name or description.
 */
public record ListConnectors(
    int from,
    int size,
    List<String> indexNames,
    List<String> names,
    List<String> serviceTypes,
    String query,
    boolean includeDeleted) implements StoreCommand<Page<Connector>> {
}
