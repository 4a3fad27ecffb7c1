package dev.connectors.store;

/** A command the store answers with a failure: the error kind and a reason fit for a client. */
public final class StoreException extends RuntimeException {

  private final StoreError error;

  public StoreException(StoreError error, String reason) {
    super(reason, null, false, false);
    this.error = error;
  }

  public StoreError error() {
    return error;
  }

  static StoreException syncJobNotFound(String id) {
    return new StoreException(StoreError.NOT_FOUND, "connector sync job [" + id + "] not found");
  }

  static StoreException secretNotFound(String id) {
    return new StoreException(StoreError.NOT_FOUND, "No secret with id [" + id + "]");
  }

  static StoreException connectorNotFound(String id) {
    return new StoreException(StoreError.NOT_FOUND, "connector [" + id + "] not found");
  }
}
