package dev.connectors.http;

import io.netty.handler.codec.http.HttpMessage;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Requests that are not well-formed HTTP/1.1 are answered 400 in Elasticsearch's error shape
 * and their connection is closed, before any routing, authentication or body reading: a
 * request line or headers the decoder refuses, a request carrying both {@code Content-Length}
 * and {@code Transfer-Encoding} (request smuggling behind a proxy, RFC 9112 §6.3), an HTTP/1.1
 * request without {@code Host}, a request target that is not an absolute path.
 */
final class MalformedRequests {

  /** Netty's name for the request decoder in a connection's pipeline. */
  private static final String DECODER = "httpDecoder";

  private MalformedRequests() {
  }

  /**
   * Netty drops {@code Content-Length} when {@code Transfer-Encoding} is present and serves the
   * request; this decoder marks such a request invalid instead and reads nothing after it, so
   * that Vert.x hands it to the invalid-request handler, which answers 400 and closes the
   * connection. It replaces Vert.x's
   * own decoder (an internal class; {@code MalformedRequestsTest} holds this to account when
   * Vert.x changes), which needs the pipeline to be set up when the connection opens: h2c
   * upgrades are off (Elasticsearch serves none either).
   */
  static void install(HttpServer server, HttpServerOptions options) {
    server.connectionHandler(connection -> strictDecoder(connection, options));
    server.invalidRequestHandler(request -> reject(request,
        ApiException.illegalArgument("the request is not well-formed HTTP: " + request.decoderResult().cause().getMessage())));
  }

  private static void strictDecoder(HttpConnection connection, HttpServerOptions options) {
    if (connection instanceof ConnectionBase base
        && base.channel().pipeline().get(DECODER) instanceof VertxHttpRequestDecoder) {
      base.channel().pipeline().replace(DECODER, DECODER, new VertxHttpRequestDecoder(options) {
        @Override
        protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
          // thrown here, the decoder marks the request invalid and discards every byte after it
          throw new IllegalArgumentException("a request must not carry both Content-Length and Transfer-Encoding");
        }
      });
    }
  }

  /** True when the request was answered here; the router must not see it. */
  static boolean rejected(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_1_1 && request.getHeader("Host") == null) {
      reject(request, ApiException.illegalArgument("an HTTP/1.1 request must carry a [Host] header"));
      return true;
    }
    String path = request.path();
    if (path == null || !path.startsWith("/")) {
      reject(request, ApiException.illegalArgument("the request target [" + request.uri() + "] is not an absolute path"));
      return true;
    }
    return false;
  }

  private static void reject(HttpServerRequest request, ApiException error) {
    Responses.endAndClose(request, error);
  }
}
