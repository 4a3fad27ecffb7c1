package dev.connectors.config;

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the service reads from its environment, checked once at start-up.
 *
 * @param eventLoops event-loop threads; one HTTP and one store verticle runs on each
 * @param storeTimeoutMillis how long the HTTP side waits for the store's answer
 * @param errorBatchMax the most update-error requests coalesced into one statement
 * @param dbWaitQueueMax per store verticle: requests that may wait for a connection, and
 *     update-error requests that may wait for the next batch; past it, 429 at once
 * @param maxInFlightRequests per HTTP verticle: requests being handled at once; past it, 429
 * @param shutdownGraceMillis how long SIGTERM waits for requests in flight
 * @param idleTimeoutSeconds an HTTP connection idle this long is closed (0: never)
 * @param accessLog one JSON access-log line per request
 * @param securityEnabled requests must authenticate (API key, or Basic for {@code elastic})
 * @param adminPassword the password of {@code elastic}; null: generated and printed once at the first start
 * @param tlsCertPath PEM certificate (chain) for HTTPS, or null for plain HTTP
 * @param tlsKeyPath PEM private key for HTTPS, or null
 * @param metricsDisabled Vert.x metrics domains left out of {@code /_metrics}; event-bus
 *     metrics are off by default, as they cost about 5% of update-error throughput
 * @param errorBatchesInFlight update-error statements each store verticle runs at once; more
 *     requests wait and go out together in the next statement
 * @param apiKeyCacheTtlMillis how long a looked-up API key (or a checked password) is trusted
 *     without asking PostgreSQL again; invalidations reach the cache sooner, through NOTIFY
 * @param authFailureLimit failed password logins per minute, per client address and per user,
 *     past which costly attempts are refused with 429
 * @param dbMaxLifetimeMillis a pooled PostgreSQL connection is closed and replaced after this
 *     long, so that connections spread again over a database that failed over or restarted
 * @param shutdownDrainMillis on SIGTERM, how long the service keeps serving while it reports
 *     not ready, so that a load balancer stops sending before the listener closes
 * @param esCompatVersion the Elasticsearch version {@code GET /} reports, for clients that check it
 * @param secretsKey the AES-256 key of the connector secrets API, or null: the API refuses to work
 * @param fleet when a connector is offline and a sync job idle (the fleet endpoints)
 * @param upstream the Elasticsearch the content plane is proxied to, or null: no proxy
 */
public record AppConfig(
    DatabaseUrl database,
    String httpHost,
    int httpPort,
    int dbPoolSize,
    int eventLoops,
    long maxBodyBytes,
    long storeTimeoutMillis,
    int errorBatchMax,
    int errorBatchesInFlight,
    int dbWaitQueueMax,
    int maxInFlightRequests,
    long shutdownGraceMillis,
    int idleTimeoutSeconds,
    Set<String> metricsDisabled,
    String tlsCertPath,
    String tlsKeyPath,
    boolean accessLog,
    boolean securityEnabled,
    String adminPassword,
    long apiKeyCacheTtlMillis,
    int authFailureLimit,
    long dbMaxLifetimeMillis,
    long shutdownDrainMillis,
    String esCompatVersion,
    byte[] secretsKey,
    FleetConfig fleet,
    UpstreamConfig upstream) {

  /** Vert.x metrics domains that {@code METRICS_DISABLED} may name. */
  private static final Set<String> METRICS_DOMAINS =
      Set.of("NET_SERVER", "NET_CLIENT", "HTTP_SERVER", "HTTP_CLIENT", "DATAGRAM_SOCKET", "EVENT_BUS", "NAMED_POOLS", "VERTICLES");

  public static final String DEFAULT_DATABASE_URL = "postgresql://postgres@localhost:5432/connectors";

  public static AppConfig fromEnv(Map<String, String> env) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new AppConfig(
        DatabaseUrl.parse("DATABASE_URL", env.getOrDefault("DATABASE_URL", DEFAULT_DATABASE_URL)),
        nonBlank(env, "HTTP_HOST", "0.0.0.0"),
        integer(env, "HTTP_PORT", 8080, 0, 65535),
        integer(env, "DB_POOL_SIZE", 16, 1, 1000),
        integer(env, "EVENT_LOOPS", cores, 1, 256),
        integer(env, "MAX_BODY_BYTES", 1024 * 1024, 1, Integer.MAX_VALUE),
        integer(env, "STORE_TIMEOUT_MS", 10_000, 100, 600_000),
        integer(env, "ERROR_BATCH_MAX", 256, 1, 10_000),
        integer(env, "ERROR_BATCHES_IN_FLIGHT", 1, 1, 1000),
        integer(env, "DB_WAIT_QUEUE_MAX", 10_000, 1, 1_000_000),
        integer(env, "MAX_IN_FLIGHT_REQUESTS", 20_000, 1, 1_000_000),
        integer(env, "SHUTDOWN_GRACE_MS", 10_000, 0, 600_000),
        integer(env, "IDLE_TIMEOUT_S", 300, 0, 86_400),
        oneOf(env, "METRICS_DISABLED", "EVENT_BUS", METRICS_DOMAINS),
        readableFile(env, "HTTP_TLS_CERT", "HTTP_TLS_KEY"),
        readableFile(env, "HTTP_TLS_KEY", "HTTP_TLS_CERT"),
        bool(env, "ACCESS_LOG", false),
        bool(env, "SECURITY_ENABLED", true),
        adminPassword(env),
        duration(env, "API_KEY_CACHE_TTL", "30s").toMillis(),
        integer(env, "AUTH_FAILURE_LIMIT", 20, 1, 1_000_000),
        duration(env, "DB_MAX_LIFETIME", "30m").toMillis(),
        integer(env, "SHUTDOWN_DRAIN_MS", 5_000, 0, 600_000),
        esVersion(env),
        secretsKey(env),
        FleetConfig.fromEnv(env),
        UpstreamConfig.fromEnv(env));
  }

  /**
   * How many store verticles run: one per event loop, but never more than connections, so that
   * the pools together hold at most {@code dbPoolSize} connections however many cores there are.
   */
  public int storeVerticles() {
    return Math.min(eventLoops, dbPoolSize);
  }

  /** Each store verticle owns a pool; together they hold at most {@code dbPoolSize} connections. */
  public int poolSizePerStore() {
    return dbPoolSize / storeVerticles();
  }

  /**
   * PostgreSQL's {@code statement_timeout} on the pool's connections: half the time a request
   * waits for the store, so that a statement sent in time ends before its request is answered.
   */
  public long statementTimeoutMillis() {
    return storeTimeoutMillis / 2;
  }

  /**
   * This configuration on {@code port}: with {@code HTTP_PORT=0} the operating system picks the
   * port when the first listener binds, and every later listener of the instance takes that one.
   */
  public AppConfig withHttpPort(int port) {
    return new AppConfig(database, httpHost, port, dbPoolSize, eventLoops, maxBodyBytes, storeTimeoutMillis,
        errorBatchMax, errorBatchesInFlight, dbWaitQueueMax, maxInFlightRequests, shutdownGraceMillis,
        idleTimeoutSeconds, metricsDisabled, tlsCertPath, tlsKeyPath, accessLog, securityEnabled, adminPassword,
        apiKeyCacheTtlMillis, authFailureLimit, dbMaxLifetimeMillis, shutdownDrainMillis, esCompatVersion,
        secretsKey, fleet, upstream);
  }

  /** Whether the listener speaks HTTPS ({@code HTTP_TLS_CERT} and {@code HTTP_TLS_KEY} set). */
  public boolean tls() {
    return tlsCertPath != null;
  }

  private static String adminPassword(Map<String, String> env) {
    String value = env.get("ADMIN_PASSWORD");
    if (value != null && value.length() < 8) {
      throw new ConfigException("ADMIN_PASSWORD must have at least 8 characters");
    }
    return value;
  }

  /** Never shows the admin password nor the secrets key. */
  @Override
  public String toString() {
    return "AppConfig[database=" + database + ", http=" + httpHost + ":" + httpPort + ", security=" + securityEnabled + "]";
  }

  private static byte[] secretsKey(Map<String, String> env) {
    String value = env.get("SECRETS_KEY");
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      byte[] key = java.util.Base64.getDecoder().decode(value.trim());
      if (key.length == 32) {
        return key;
      }
    } catch (IllegalArgumentException notBase64) {
      // reported below
    }
    throw new ConfigException("SECRETS_KEY must be the base64 of 32 random bytes (openssl rand -base64 32)");
  }

  private static String esVersion(Map<String, String> env) {
    String value = env.getOrDefault("ES_COMPAT_VERSION", "9.6.0").trim();
    if (!value.matches("(8|9)\\.\\d{1,3}\\.\\d{1,3}")) {
      throw new ConfigException("ES_COMPAT_VERSION must be an Elasticsearch 8 or 9 version such as 9.6.0: [" + value + "]");
    }
    return value;
  }

  /** An Elasticsearch time value ({@code 30s}, {@code 5m}), positive. */
  static Duration duration(Map<String, String> env, String name, String fallback) {
    String value = env.getOrDefault(name, fallback);
    try {
      Duration parsed = TimeValue.parse(value);
      if (!parsed.isZero() && parsed.toDays() < 3650) {
        return parsed;
      }
    } catch (IllegalArgumentException invalid) {
      // reported below
    }
    throw new ConfigException(name + " must be a positive time value such as 30s, 5m or 1h: [" + value + "]");
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String value = env.get(name);
    if (value == null) {
      return fallback;
    }
    return switch (value.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(name + " must be true or false: [" + value + "]");
    };
  }

  /** A PEM file path that must come with its partner variable; null when neither is set. */
  private static String readableFile(Map<String, String> env, String name, String partner) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      if (env.get(partner) != null && !env.get(partner).isBlank()) {
        throw new ConfigException(name + " must be set together with " + partner);
      }
      return null;
    }
    if (!Files.isReadable(Path.of(value))) {
      throw new ConfigException(name + " must name a readable PEM file: [" + value + "]");
    }
    return value;
  }

  /** A comma list whose every element is one of {@code accepted}; empty is the empty set. */
  private static Set<String> oneOf(Map<String, String> env, String name, String fallback, Set<String> accepted) {
    Set<String> values = new TreeSet<>();
    for (String value : env.getOrDefault(name, fallback).split(",")) {
      if (!value.isBlank()) {
        values.add(value.trim());
      }
    }
    if (!accepted.containsAll(values)) {
      throw new ConfigException(name + " must be a comma list of " + new TreeSet<>(accepted) + ": [" + env.get(name) + "]");
    }
    return values;
  }

  private static String nonBlank(Map<String, String> env, String name, String fallback) {
    String value = env.getOrDefault(name, fallback);
    if (value.isBlank()) {
      throw new ConfigException(name + " must not be empty");
    }
    return value;
  }

  static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
    String value = env.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the accepted range
    }
    throw new ConfigException(name + " must be a whole number from " + min + " to " + max
        + ": [" + value + "]");
  }
}
