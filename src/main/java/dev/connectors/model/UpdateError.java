package dev.connectors.model;

/**
 * Set a connector's {@code error} and, with it, its {@code status}: a non-empty message puts
 * the connector in {@code error}; {@code null} or {@code ""} is a reset to {@code connected}.
 */
public record UpdateError(String id, String error) implements StoreCommand<WriteResult> {

  public ConnectorStatus status() {
    return error == null || error.isEmpty() ? ConnectorStatus.CONNECTED : ConnectorStatus.ERROR;
  }
}
