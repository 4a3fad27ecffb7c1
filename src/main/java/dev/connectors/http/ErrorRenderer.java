package dev.connectors.http;

import dev.connectors.store.StoreError;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become answers: every exception and every failed status code
 * turns into Elasticsearch's error body, with no stack trace and no SQL text in it.
 */
final class ErrorRenderer {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorRenderer.class);

  private ErrorRenderer() {
  }

  /** The router's failure handler. */
  static void render(RoutingContext ctx) {
    if (ctx.failure() instanceof HttpClosedException) {
      return; // the client went away mid-request: nobody is left to answer
    }
    ApiException error = toApiException(ctx);
    if (error.status() >= 500) {
      LOG.warn("{} {} answered {}: {}", ctx.request().method(), ctx.request().path(),
          error.status(), error.reason(), ctx.failure() instanceof ApiException ? null : ctx.failure());
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (error.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "ApiKey, Basic realm=\"security\"");
    }
    if (error.retryAfterSeconds() > 0) {
      ctx.response().putHeader("Retry-After", String.valueOf(error.retryAfterSeconds()));
    }
    if (MediaTypes.announcesBody(ctx.request()) && !ctx.request().isEnded()) {
      // answered before its body was read (401, 406, 413…): the connection will carry no other
      // request; what the client still sends is discarded, never buffered, and the connection
      // is closed once the body has ended, or after a short linger, so that the client reads
      // the answer instead of a reset
      ctx.response().putHeader("Connection", "close");
      Responses.json(ctx, error.status(), body(error)).onComplete(written -> discardAndClose(ctx));
      return;
    }
    Responses.json(ctx, error.status(), body(error));
  }

  private static final long LINGER_MILLIS = 2_000;

  private static void discardAndClose(RoutingContext ctx) {
    var request = ctx.request();
    var connection = request.connection();
    if (request.isEnded()) {
      connection.close();
      return;
    }
    long timer = ctx.vertx().setTimer(LINGER_MILLIS, fired -> connection.close());
    request.handler(ignored -> { })
        .endHandler(ended -> {
          ctx.vertx().cancelTimer(timer);
          connection.close();
        })
        .exceptionHandler(failed -> connection.close());
    request.resume();
  }

  static JsonObject body(ApiException error) {
    JsonObject cause = new JsonObject().put("type", error.type()).put("reason", error.reason());
    JsonObject top = new JsonObject()
        .put("root_cause", new JsonArray().add(cause))
        .put("type", error.type())
        .put("reason", error.reason());
    if (error.metadata() != null) {
      cause.mergeIn(error.metadata());
      top.mergeIn(error.metadata());
    }
    return new JsonObject().put("error", top).put("status", error.status());
  }

  private static ApiException toApiException(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof ReplyException reply) {
      return fromStore(reply);
    }
    if (failure == null) {
      return fromStatus(ctx);
    }
    return new ApiException(500, "internal_server_error",
        "the service failed to handle the request; the service log has the cause");
  }

  private static ApiException fromStore(ReplyException reply) {
    return switch (reply.failureType()) {
      case TIMEOUT -> ApiException.unavailable("the database did not answer in time; "
          + "a write may or may not have been applied, retry it");
      case NO_HANDLERS -> ApiException.unavailable("the store is not running");
      default -> switch (StoreError.fromCode(reply.failureCode())) {
        case NOT_FOUND -> ApiException.notFound(reply.getMessage());
        case INDEX_NAME_IN_USE, RULE_VIOLATION -> ApiException.rule(400, reply.getMessage());
        case INVALID_VALUE -> ApiException.illegalArgument(reply.getMessage());
        case UNAVAILABLE, OUTCOME_UNKNOWN -> ApiException.unavailable(reply.getMessage());
        case OVERLOADED -> ApiException.rejected(reply.getMessage());
        case DATABASE_FAILURE -> new ApiException(500, "database_exception", reply.getMessage());
        case UNREADABLE -> new ApiException(500, "internal_server_error", reply.getMessage());
      };
    };
  }

  private static ApiException fromStatus(RoutingContext ctx) {
    int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
    String uriAndMethod = "uri [" + ctx.request().path() + "] and method [" + ctx.request().method() + "]";
    return switch (status) {
      case 404 -> ApiException.illegalArgument("no handler found for " + uriAndMethod);
      case 405 -> new ApiException(405, "illegal_argument_exception",
          "Incorrect HTTP method for " + uriAndMethod);
      case 413 -> new ApiException(413, "content_too_long_exception",
          "the request body is larger than the service accepts");
      default -> new ApiException(status, status >= 500 ? "internal_server_error" : "illegal_argument_exception",
          "the request failed with HTTP status " + status);
    };
  }
}
