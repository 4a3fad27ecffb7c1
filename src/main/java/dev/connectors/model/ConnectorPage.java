package dev.connectors.model;

import java.util.List;

/** One page of a connector listing and the number of connectors that match in all. */
public record ConnectorPage(long count, List<Connector> results) {
}
