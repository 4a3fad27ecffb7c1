package dev.connectors.http;

/**
 * A request the service answers with an Elasticsearch error body: the HTTP status, the error
 * {@code type} and the {@code reason}, exactly as a client will see them.
 */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String type;

  public ApiException(int status, String type, String reason) {
    super(reason, null, false, false);
    this.status = status;
    this.type = type;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String reason() {
    return getMessage();
  }

  static ApiException notFound(String reason) {
    return new ApiException(404, "resource_not_found_exception", reason);
  }

  /** Elasticsearch's request validation: one numbered message. */
  static ApiException validation(String message) {
    return new ApiException(400, "action_request_validation_exception",
        "Validation Failed: 1: " + message + ";");
  }

  static ApiException parse(String reason) {
    return new ApiException(400, "x_content_parse_exception", reason);
  }

  static ApiException bodyRequired() {
    return new ApiException(400, "parse_exception", "request body is required");
  }

  static ApiException illegalArgument(String reason) {
    return new ApiException(400, "illegal_argument_exception", reason);
  }

  static ApiException rule(int status, String reason) {
    return new ApiException(status, "status_exception", reason);
  }

  /** Elasticsearch's answer when its queues are full: retry later. */
  static ApiException rejected(String reason) {
    return new ApiException(429, "es_rejected_execution_exception", reason);
  }

  static ApiException unavailable(String reason) {
    return new ApiException(503, "unavailable_exception", reason);
  }
}
