package dev.connectors.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of the API tests: one instance of the whole service, started as {@code Main} starts it
 * (through {@link ServiceInstances}, the one way the tests start the service) on a Vert.x of the
 * test class's own, against this run's fresh PostgreSQL database; stopped after the class.
 */
public abstract class ServiceTest {

  protected static Api api;
  protected static int port;

  private static ServiceInstances instance;

  @BeforeAll
  static void startService(TestInfo test) throws Exception {
    instance = ServiceInstances.start(1, test.getTestClass().orElseThrow(), Map.of());
    port = instance.get(0).config().httpPort();
    api = instance.get(0).api();
  }

  @AfterAll
  static void stopService() throws Exception {
    instance.close();
  }

  /**
   * The service's environment: this run's database, port 0 (any free one), security off (the security
   * tests turn it on), no housekeeping pass within a test's time, and the class's {@link ServiceEnv}.
   */
  public static Map<String, String> environment(Class<?> testClass) {
    Map<String, String> env = new HashMap<>();
    env.put("DATABASE_URL", TestDatabase.url().url());
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_PORT", "0"); // the system picks a free one at the bind; ConnectorService.port() tells which
    env.put("SECURITY_ENABLED", "false");
    // housekeeping changes jobs behind a test's back (an orphan canceled): only where a test asks for it
    env.put("HOUSEKEEPING_INTERVAL", "1h");
    ServiceEnv extra = testClass.getAnnotation(ServiceEnv.class);
    if (extra != null) {
      for (String setting : extra.value()) {
        String[] pair = setting.split("=", 2);
        env.put(pair[0], pair[1]);
      }
    }
    return env;
  }

  /** A new connector (security off) made with {@code body}: its id, which no other test uses. */
  protected static String newConnector(String prefix, String body) {
    String id = uniqueId(prefix);
    org.assertj.core.api.Assertions.assertThat(api.put("/_connector/" + id, body).status()).as(id).isEqualTo(201);
    return id;
  }

  protected static String newConnector(String prefix) {
    return newConnector(prefix, "{}");
  }

  /** A new connector that can sync: an index ({@code search-<id>}) and a service type. */
  protected static String syncableConnector(String prefix) {
    String id = uniqueId(prefix);
    org.assertj.core.api.Assertions.assertThat(api.put("/_connector/" + id,
        "{\"index_name\":\"search-" + id + "\",\"service_type\":\"s3\"}").status()).as(id).isEqualTo(201);
    return id;
  }

  /** A connector id no other test uses. */
  protected static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  /**
   * A port nothing listens on, below the kernel's range of ephemeral ports (32768 and up here),
   * so that no outgoing connection of the tests can take it between this check and the bind.
   * Only where port 0 cannot serve: a port that must stay dead, a port asked for before the
   * service has started, a service in another process.
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 1000; attempt++) {
      int candidate = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(12_000);
      try (ServerSocket socket = new ServerSocket(candidate, 1, java.net.InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port between 20000 and 32000");
  }
}
