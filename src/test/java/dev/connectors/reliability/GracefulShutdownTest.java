package dev.connectors.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Runs the real {@code Main} in its own JVM and sends it SIGTERM while clients write. */
@DisplayName("Graceful shutdown on SIGTERM")
class GracefulShutdownTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  /** What one client saw: its last acknowledged write, and a write whose answer never came. */
  private record Outcome(String connector, int lastAcknowledged, int unanswered) {
  }

  @Test
  @DisplayName("under load: not ready at once but serving through the drain, exits 0; every acknowledged write is stored; nothing else but an unanswered one")
  void sigtermUnderLoad() throws Exception {
    var env = ServiceTest.environment(GracefulShutdownTest.class);
    env.put("SHUTDOWN_GRACE_MS", "5000");
    env.put("SHUTDOWN_DRAIN_MS", "1500");
    env.put("LOG_LEVEL", "WARN");
    env.put("HTTP_PORT", String.valueOf(ServiceTest.freePort())); // another process: its port is chosen here
    String base = "http://127.0.0.1:" + env.get("HTTP_PORT");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.connectors.Main")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(env);
    Process service = builder.start();
    try {
      waitUntilServing(base);
      List<String> connectors = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String id = "sigterm-" + UUID.randomUUID();
        assertThat(send(base + "/_connector/" + id, "{}")).isEqualTo(201);
        connectors.add(id);
      }
      ExecutorService clients = Executors.newFixedThreadPool(connectors.size());
      List<Future<Outcome>> outcomes = new ArrayList<>();
      for (String id : connectors) {
        outcomes.add(clients.submit(() -> writeUntilRefused(base, id)));
      }
      // every writer has had writes acknowledged before the signal
      dev.connectors.support.Auth.within(Duration.ofSeconds(30), v -> (Long) TestDatabase.row(
          "SELECT count(*) AS n FROM connectors WHERE id = ANY (?) AND error LIKE 'write %'",
          (Object) connectors.toArray(String[]::new)).get("n") == connectors.size());
      service.destroy();
      long signalled = System.nanoTime();
      // not ready at once, while requests are still served: a load balancer drains it
      int ready;
      do {
        ready = status(base + "/_health/ready");
      } while (ready == 200 && System.nanoTime() - signalled < TimeUnit.SECONDS.toNanos(1));
      assertThat(ready).isEqualTo(503);
      assertThat(status(base + "/")).isEqualTo(200);
      assertThat(System.nanoTime() - signalled).isLessThan(TimeUnit.MILLISECONDS.toNanos(1500));
      assertThat(service.waitFor(30, TimeUnit.SECONDS)).as("service exited").isTrue();
      assertThat(service.exitValue()).isZero();

      for (Future<Outcome> future : outcomes) {
        Outcome outcome = future.get(30, TimeUnit.SECONDS);
        assertThat(outcome.lastAcknowledged()).as("writes acknowledged before the stop").isPositive();
        String stored = (String) TestDatabase.row("SELECT error FROM connectors WHERE id = ?", outcome.connector())
            .get("error");
        List<String> allowed = new ArrayList<>(List.of("write " + outcome.lastAcknowledged()));
        if (outcome.unanswered() > 0) {
          allowed.add("write " + outcome.unanswered());
        }
        assertThat(stored).as(outcome.toString()).isIn(allowed);
      }
      clients.shutdown();
    } finally {
      service.destroyForcibly();
    }
  }

  /** Writes "write 1", "write 2", ... until the service no longer answers. */
  private static Outcome writeUntilRefused(String base, String id) {
    int acknowledged = 0;
    for (int n = 1; ; n++) {
      try {
        int status = send(base + "/_connector/" + id + "/_error", "{\"error\":\"write " + n + "\"}");
        if (status != 200) {
          throw new AssertionError("write " + n + " answered " + status);
        }
        acknowledged = n;
      } catch (IOException noAnswer) {
        return new Outcome(id, acknowledged, n);
      }
    }
  }

  private static int send(String url, String json) throws IOException {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
              .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static int status(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static void waitUntilServing(String base) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/_health/ready")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the service did not start");
  }
}
