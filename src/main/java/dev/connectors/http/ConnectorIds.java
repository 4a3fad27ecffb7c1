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
   * A route handler for every request: Vert.x matches routes on the normalised path,
   * where {@code /_connector//_error} has become {@code /_connector/_error}, so an empty id
   * segment is caught here, on the path as the client sent it.
   */
  static void rejectEmptyId(RoutingContext ctx) {
    String path = ctx.request().path();
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

  /** A path id, refused when blank or when it carries a character PostgreSQL cannot store. */
  static String checked(String id, String name) {
    if (id == null || id.isBlank()) {
      throw emptyId(name);
    }
    if (id.indexOf('\u0000') >= 0) {
      throw ApiException.illegalArgument("[" + name + "] must not contain the NUL character (\\u0000)");
    }
    return id;
  }

  /** The id of a connector about to be written: also bounded in length, as Elasticsearch ids are. */
  static String forNewConnector(RoutingContext ctx) {
    String id = fromPath(ctx);
    int bytes = id.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw ApiException.validation("id [" + id + "] is too long, must be no longer than "
          + MAX_BYTES + " bytes but was: " + bytes);
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
