package dev.connectors.model;

public record GetConnector(String id, boolean includeDeleted) implements StoreCommand<Connector> {
}
