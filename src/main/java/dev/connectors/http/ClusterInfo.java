package dev.connectors.http;

import dev.connectors.config.AppConfig;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * {@code GET /} as Elasticsearch 9 answers it, which clients read: the official clients and
 * the connectors framework (it checks {@code version.number} and reads {@code build_flavor}).
 * {@code version.number} is {@code ES_COMPAT_VERSION}, the Elasticsearch version whose Connector
 * API the service answers as; the service's own version is under {@code connector_service}.
 */
final class ClusterInfo {

  /** What an Elasticsearch 9 of that line reports; clients read only number and flavor. */
  private static final String LUCENE_VERSION = "10.3.2";
  private static final String MINIMUM_WIRE_COMPATIBILITY = "8.19.0";
  private static final String MINIMUM_INDEX_COMPATIBILITY = "8.0.0";
  private static final String BUILD_DATE = "2026-01-15T00:00:00.000Z";
  private static final String CLUSTER_NAME = "connector-service";

  private ClusterInfo() {
  }

  static JsonObject of(AppConfig config) {
    return new JsonObject()
        .put("name", hostName())
        .put("cluster_name", CLUSTER_NAME)
        // the same for every instance on the same database, as a cluster's uuid is for its nodes
        .put("cluster_uuid", uuid(config.database().hosts() + "/" + config.database().database()))
        .put("version", new JsonObject()
            .put("number", config.esCompatVersion())
            .put("build_flavor", "default")
            .put("build_type", "tar")
            .put("build_hash", "connector-service-" + Version.NUMBER)
            .put("build_date", BUILD_DATE)
            .put("build_snapshot", false)
            .put("lucene_version", LUCENE_VERSION)
            .put("minimum_wire_compatibility_version", MINIMUM_WIRE_COMPATIBILITY)
            .put("minimum_index_compatibility_version", MINIMUM_INDEX_COMPATIBILITY))
        .put("tagline", "You Know, for Search")
        .put("connector_service", new JsonObject().put("version", Version.NUMBER));
  }

  /**
   * {@code GET /_license}: Elasticsearch's self-generated basic license as its REST view writes it
   * (no expiry for basic, 1,000 nodes, resource units null, no start date), for the clients that
   * read it (the connectors framework, for some sources). Its uid and issue date are the same on
   * every instance of one database.
   */
  static JsonObject license(AppConfig config) {
    UUID uid = UUID.nameUUIDFromBytes(("license:" + config.database().hosts() + "/" + config.database().database())
        .getBytes(StandardCharsets.UTF_8));
    long issued = Instant.parse(BUILD_DATE).toEpochMilli();
    return new JsonObject().put("license", new JsonObject()
        .put("status", "active")
        .put("uid", uid.toString())
        .put("type", "basic")
        .put("issue_date", BUILD_DATE)
        .put("issue_date_in_millis", issued)
        .put("max_nodes", 1000)
        .putNull("max_resource_units")
        .put("issued_to", CLUSTER_NAME)
        .put("issuer", "elasticsearch")
        .put("start_date_in_millis", -1));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "connector-service";
    }
  }

  /** 16 bytes derived from a seed (the database's address, an index's name), base64url as Elasticsearch writes its uuids. */
  static String uuid(String seed) {
    UUID uuid = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }
}
