package dev.connectors.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Request bodies must be JSON: {@code application/json}, or what the official clients send,
 * {@code application/vnd.elasticsearch+json; compatible-with=8|9}; either with any charset.
 */
final class MediaTypes {

  static final String JSON = "application/json";
  private static final String ELASTIC_JSON = "application/vnd.elasticsearch+json";

  private MediaTypes() {
  }

  /**
   * A route handler ahead of authentication and body reading: lets a request through when its
   * headers announce no body or a JSON one. Decided on the headers, so that a body of another
   * kind (a multipart form, say) is refused before anything reads or parses it.
   */
  static void requireJsonBody(RoutingContext ctx) {
    if (announcesBody(ctx.request())) {
      String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      if (contentType == null) {
        throw unsupported("Content-Type header is missing");
      }
      if (!isJson(contentType)) {
        throw unsupported("Content-Type header [" + contentType + "] is not supported");
      }
    }
    ctx.next();
  }

  /** A body follows: a positive Content-Length, or a Transfer-Encoding. */
  static boolean announcesBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
        || (length != null && !length.trim().equals("0"));
  }

  static boolean isJson(String contentType) {
    String[] parts = contentType.split(";");
    String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
    if (mediaType.equals(JSON)) {
      return true;
    }
    if (!mediaType.equals(ELASTIC_JSON)) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] param = parts[i].split("=", 2);
      if (param.length == 2 && param[0].trim().equalsIgnoreCase("compatible-with")) {
        String version = param[1].trim();
        return version.equals("8") || version.equals("9");
      }
    }
    return false;
  }

  private static ApiException unsupported(String reason) {
    return new ApiException(406, "media_type_header_exception", reason);
  }
}
