package dev.connectors.model;

/**
 * Create a connector, or replace the one with this id by a new one built from these fields and
 * the defaults (what {@code PUT /_connector/{id}} does in Elasticsearch).
 */
public record CreateConnector(
    String id,
    String name,
    String description,
    String indexName,
    String serviceType,
    String language,
    boolean isNative) implements StoreCommand<WriteResult> {

  public CreateConnector {
    name = name == null ? "" : name;
  }

  public ConnectorStatus initialStatus() {
    return ConnectorStatus.initial(isNative);
  }
}
