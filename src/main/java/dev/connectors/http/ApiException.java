package dev.connectors.http;

import io.vertx.core.json.JsonObject;

/**
 * A request the service answers with an Elasticsearch error body: the HTTP status, the error
 * {@code type} and the {@code reason}, exactly as a client will see them.
 */
public final class ApiException extends RuntimeException {

  /** Seconds a client should wait before it retries, for every 429 and 503. */
  static final long DEFAULT_RETRY_AFTER_SECONDS = 1;

  private final int status;
  private final String type;
  private final long retryAfterSeconds;
  private final JsonObject metadata;

  public ApiException(int status, String type, String reason) {
    this(status, type, reason, DEFAULT_RETRY_AFTER_SECONDS);
  }

  private ApiException(int status, String type, String reason, long retryAfterSeconds) {
    this(status, type, reason, retryAfterSeconds, null);
  }

  private ApiException(int status, String type, String reason, long retryAfterSeconds, JsonObject metadata) {
    super(reason, null, false, false);
    this.status = status;
    this.type = type;
    this.retryAfterSeconds = retryAfterSeconds;
    this.metadata = metadata;
  }

  /**
   * An error about one index of the index view: Elasticsearch adds the index's name, uuid and
   * shard to the error and its root cause.
   */
  static ApiException aboutIndex(int status, String type, String reason, String index) {
    return new ApiException(status, type, reason, DEFAULT_RETRY_AFTER_SECONDS, new JsonObject()
        .put("index_uuid", ClusterInfo.uuid(index)).put("shard", "0").put("index", index));
  }

  /** Fields Elasticsearch adds to this error's body after its reason, or null. */
  JsonObject metadata() {
    return metadata;
  }

  /** The {@code Retry-After} of a 429 or 503; none for other statuses. */
  public long retryAfterSeconds() {
    return status == 429 || status == 503 ? retryAfterSeconds : 0;
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
    return validation(java.util.List.of(message));
  }

  /** Elasticsearch's request validation: every message numbered, {@code 1: a;2: b;}. */
  static ApiException validation(java.util.List<String> messages) {
    StringBuilder reason = new StringBuilder("Validation Failed: ");
    for (int i = 0; i < messages.size(); i++) {
      reason.append(i + 1).append(": ").append(messages.get(i)).append(';');
    }
    return new ApiException(400, "action_request_validation_exception", reason.toString());
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

  /** The same, with the seconds after which a retry may succeed. */
  public static ApiException rejected(String reason, long retryAfterSeconds) {
    return new ApiException(429, "es_rejected_execution_exception", reason, retryAfterSeconds);
  }

  static ApiException unavailable(String reason) {
    return new ApiException(503, "unavailable_exception", reason);
  }
}
