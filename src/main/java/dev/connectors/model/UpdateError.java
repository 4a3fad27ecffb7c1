package dev.connectors.model;

/**
 * Set a connector's {@code error} and, with it, its {@code status}: a non-empty message puts
 * the connector in {@code error}; {@code null} or {@code ""} is a reset to {@code connected}.
 */
public record UpdateError(String id, String error) implements StoreCommand<UpdateError.Written> {

  /**
   * What the write did, and the row's sequence number after it (the index view's
   * {@code _seq_no}; -2 when a later request for the same connector in the same batch follows it).
   */
  public record Written(WriteResult result, long seqNo) {
  }

  public ConnectorStatus status() {
    return error == null || error.isEmpty() ? ConnectorStatus.CONNECTED : ConnectorStatus.ERROR;
  }
}
