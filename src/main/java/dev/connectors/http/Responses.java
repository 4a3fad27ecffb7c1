package dev.connectors.http;

import com.fasterxml.jackson.core.type.TypeReference;
import io.vertx.core.json.JsonObject;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.connectors.model.Times;
import java.io.IOException;
import java.time.Instant;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.jackson.DatabindCodec;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON answers; {@code ?pretty} indents them, as in Elasticsearch. */
final class Responses {

  /** The official Elasticsearch clients refuse a response without this header. */
  static final String PRODUCT_HEADER = "X-Elastic-Product";
  static final String PRODUCT = "Elasticsearch";
  static final String OPAQUE_ID_HEADER = "X-Opaque-Id";

  /** Vert.x's mapper, with every time in the API's one format ({@link Times}). */
  private static final ObjectMapper MAPPER = DatabindCodec.mapper().copy().registerModule(new SimpleModule()
      .addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
          generator.writeString(Times.format(value));
        }
      }));
  private static final ObjectWriter COMPACT = MAPPER.writer();
  private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

  private Responses() {
  }

  /**
   * A route handler that marks every response as Elasticsearch's, errors included, and echoes
   * the client's {@code X-Opaque-Id} as Elasticsearch does, for tracing a request end to end.
   */
  static void productHeader(RoutingContext ctx) {
    ctx.response().putHeader(PRODUCT_HEADER, PRODUCT);
    String opaqueId = ctx.request().getHeader(OPAQUE_ID_HEADER);
    if (opaqueId != null) {
      ctx.response().putHeader(OPAQUE_ID_HEADER, opaqueId);
    }
    ctx.next();
  }

  /**
   * Writes the answer. One that cannot be rendered fails the request, so that it is answered
   * 500 at once: an exception thrown from a store reply's callback would reach no one.
   */
  static Future<Void> json(RoutingContext ctx, int status, Object body) {
    Buffer bytes;
    try {
      bytes = render(writer(ctx), body);
    } catch (JsonProcessingException | RuntimeException e) {
      return cannotRender(ctx, e);
    }
    return send(ctx, status, bytes);
  }

  /**
   * {@link #json}, rendered on a worker thread: a list page of up to 10,000 documents (about
   * 15 MB) takes long enough to stall every other request on this event loop.
   */
  static Future<Void> jsonOffLoop(RoutingContext ctx, int status, Object body) {
    ObjectWriter writer = writer(ctx); // the request is read here, on its event loop; only Jackson runs on the worker
    return ctx.vertx().executeBlocking(() -> render(writer, body), false)
        .transform(rendered -> rendered.succeeded() ? sendInSlices(ctx, status, rendered.result())
            : cannotRender(ctx, rendered.cause()));
  }

  /** The size of the pieces a large answer is written in. */
  private static final int SLICE = 256 * 1024;

  /**
   * Writes a large answer a slice at a time, each when the connection has room for it: handed to
   * the connection whole, tens of megabytes would be copied into one direct buffer in a single
   * step on the event loop (a page of 10,000 documents: over 200 ms of that loop's time).
   */
  private static Future<Void> sendInSlices(RoutingContext ctx, int status, Buffer bytes) {
    if (bytes.length() <= SLICE) {
      return send(ctx, status, bytes);
    }
    HttpServerResponse response = jsonHead(ctx.response(), status)
        .putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(bytes.length()));
    Promise<Void> written = Promise.promise();
    response.closeHandler(closed -> written.tryFail("the client closed the connection"));
    writeSlices(response, bytes, 0, written);
    return written.future();
  }

  private static void writeSlices(HttpServerResponse response, Buffer bytes, int from, Promise<Void> written) {
    int at = from;
    while (at < bytes.length() && !response.writeQueueFull()) {
      int to = Math.min(bytes.length(), at + SLICE);
      response.write(bytes.slice(at, to));
      at = to;
    }
    if (at >= bytes.length()) {
      response.end().onComplete(ended -> written.tryComplete(), failed -> written.tryFail(failed));
      return;
    }
    int next = at;
    response.drainHandler(drained -> {
      response.drainHandler(null);
      writeSlices(response, bytes, next, written);
    });
  }

  /** A record as the JSON object an answer would show it as (times in the API's format). */
  static JsonObject tree(Object record) {
    return new JsonObject(MAPPER.<Map<String, Object>>convertValue(record, new TypeReference<>() { }));
  }

  /** {@code ?pretty} indents, as in Elasticsearch. */
  private static ObjectWriter writer(RoutingContext ctx) {
    return ctx.queryParams().contains("pretty") ? PRETTY : COMPACT;
  }

  private static Buffer render(ObjectWriter writer, Object body) throws JsonProcessingException {
    return Buffer.buffer(writer.writeValueAsBytes(body));
  }

  private static <T> Future<T> cannotRender(RoutingContext ctx, Throwable e) {
    ctx.fail(new IllegalStateException("cannot render a response", e));
    return Future.failedFuture(e);
  }

  private static Future<Void> send(RoutingContext ctx, int status, Buffer bytes) {
    return jsonHead(ctx.response(), status).end(bytes);
  }

  /** The status and headers of every JSON answer. */
  private static HttpServerResponse jsonHead(HttpServerResponse response, int status) {
    return response.setStatusCode(status)
        .putHeader(PRODUCT_HEADER, PRODUCT)
        .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON);
  }

  /**
   * Answers an error outside the router (the request never reached it) and closes the
   * connection once the answer is written: what follows on it cannot be trusted or is unread.
   */
  static void endAndClose(HttpServerRequest request, ApiException error) {
    byte[] bytes;
    try {
      bytes = COMPACT.writeValueAsBytes(ErrorRenderer.body(error));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    jsonHead(request.response(), error.status())
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(Buffer.buffer(bytes));
    request.connection().close();
  }
}
