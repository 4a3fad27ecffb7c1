package dev.connectors.http;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** Connector ids: taken from the path and checked, or generated for {@code POST /_connector}. */
final class ConnectorIds {

  static final String PATH_PARAM = "id";
  private static final int MAX_BYTES = 512;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

  private ConnectorIds() {
  }

  /**
   * A route handler for every request, on the path as the client sent it: every segment and
   * query component must be a well-formed percent-encoding of UTF-8; no segment under
   * {@code /_connector} may be {@code .} or {@code ..} (Vert.x would resolve it into another
   * endpoint's path); and since Vert.x matches routes on the normalised path, where
   * {@code /_connector//_error} has become {@code /_connector/_error}, an empty id segment is
   * caught here.
   */
  static void checkPath(RoutingContext ctx) {
    String path = ctx.request().path();
    for (String segment : path.split("/")) {
      String decoded = StrictUtf8.percentDecoded(segment);
      if (decoded == null) {
        throw ApiException.illegalArgument("malformed path [" + path + "]: not a percent-encoding of UTF-8");
      }
      if (path.startsWith("/_connector") && (decoded.equals(".") || decoded.equals(".."))) {
        throw ApiException.illegalArgument("path [" + path + "] must not contain the segment [" + decoded + "]");
      }
    }
    String query = ctx.request().query();
    if (query != null) {
      for (String component : query.split("[&=]")) {
        if (StrictUtf8.percentDecoded(component) == null) {
          throw ApiException.illegalArgument("malformed query string: not a percent-encoding of UTF-8");
        }
      }
    }
    if (path.startsWith("/_connector/_sync_job//")) {
      throw emptyId("connector_sync_job_id");
    }
    if (path.startsWith("/_connector//")) {
      throw emptyId("connector_id");
    }
    ctx.next();
  }

  private static ApiException emptyId(String name) {
    return ApiException.validation("[" + name + "] cannot be [null] or [\"\"].");
  }

  /** The id in the path of an existing-connector endpoint. */
  static String fromPath(RoutingContext ctx) {
    return checked(ctx.pathParam(PATH_PARAM), "connector_id");
  }

  /**
   * A path id, refused when blank, longer than Elasticsearch's 512 bytes (on every endpoint, so a
   * long id is a 400, never a 404), or when it carries a character PostgreSQL cannot store.
   */
  static String checked(String id, String name) {
    if (id == null || id.isBlank()) {
      throw emptyId(name);
    }
    if (id.indexOf('\u0000') >= 0) {
      throw ApiException.illegalArgument("[" + name + "] must not contain the NUL character (\\u0000)");
    }
    int bytes = id.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw ApiException.validation("id [" + id + "] is too long, must be no longer than " + MAX_BYTES
          + " bytes but was: " + bytes);
    }
    return id;
  }

  /**
   * The id of a connector about to be written: not one of the API's own path words ({@code _sync_job}, and any id starting with {@code _},
   * kept for the API's endpoints), which could never be read back by its id.
   */
  static String forNewConnector(RoutingContext ctx) {
    String id = fromPath(ctx);
    if (id.startsWith("_")) {
      throw ApiException.validation("[connector_id] [" + id + "] is reserved: an id must not start with [_].");
    }
    return id;
  }

  /** 120 random bits as 20 URL-safe characters, like Elasticsearch's generated ids. */
  static String generate() {
    byte[] bytes = new byte[15];
    RANDOM.nextBytes(bytes);
    return URL_SAFE.encodeToString(bytes);
  }
}
