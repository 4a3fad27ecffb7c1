package dev.connectors.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Update-error under concurrency")
class ConcurrentErrorUpdatesTest extends ServiceTest {

  @Test
  @DisplayName("many clients on a few shared connectors: no client's write is overtaken by its own earlier one, and "
      + "every connector ends with some client's last write to it, status matching; each client's own connector "
      + "ends with its last write")
  void noLostOrReorderedWrites() throws Exception {
    List<String> shared = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      shared.add(newConnector("conc"));
    }
    int clients = 24;
    List<String> own = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      own.add(newConnector("conc"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    // per client: the last value it wrote to each shared connector, and to its own
    List<Future<Map<String, String>>> lastWrites = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      lastWrites.add(pool.submit(() -> {
        Map<String, String> last = new java.util.HashMap<>();
        for (int n = 0; n < 60; n++) {
          String sharedId = shared.get((client + n) % shared.size());
          // a reset now and then; never as a client's last write to a connector (n < 57)
          String message = n % 5 == 0 && n < 57 ? null : "client " + client + " write " + n;
          String body = message == null ? "{\"error\":null}" : "{\"error\":\"" + message + "\"}";
          assertThat(api.put("/_connector/" + sharedId + "/_error", body).status()).isEqualTo(200);
          last.put(sharedId, message);
          String mine = "client " + client + " step " + n;
          assertThat(api.put("/_connector/" + own.get(client) + "/_error", "{\"error\":\"" + mine + "\"}").status())
              .isEqualTo(200);
          last.put(own.get(client), mine);
        }
        return last;
      }));
    }
    List<Map<String, String>> finals = new ArrayList<>();
    for (Future<Map<String, String>> last : lastWrites) {
      finals.add(last.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();
    for (int c = 0; c < clients; c++) {
      assertThat(TestDatabase.row("SELECT error, status FROM connectors WHERE id = ?", own.get(c)))
          .containsEntry("error", finals.get(c).get(own.get(c))).containsEntry("status", "error");
    }
    for (String id : shared) {
      Map<String, Object> row = TestDatabase.row("SELECT error, status FROM connectors WHERE id = ?", id);
      String stored = (String) row.get("error");
      // the stored value is the LAST write to this connector of the client that wrote it: an
      // earlier write of that client landing after its later one would show here
      assertThat(finals).as(id + " holds [" + stored + "]").anyMatch(last -> java.util.Objects.equals(last.get(id), stored));
      assertThat(row.get("status")).as(id).isEqualTo(stored == null || stored.isEmpty() ? "connected" : "error");
    }
  }


  @Test
  @DisplayName("a read sent after a write was acknowledged sees that write, while many other reads of the same "
      + "connectors are coalesced with it")
  void readsSeeAcknowledgedWrites() throws Exception {
    int writers = 8;
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      ids.add(newConnector("read-after-write"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers * 2);
    java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
    List<Future<Integer>> readers = new ArrayList<>();
    for (int r = 0; r < writers; r++) {
      int reader = r;
      readers.add(pool.submit(() -> {
        int reads = 0;
        while (writing.get()) {
          assertThat(api.get("/_connector/" + ids.get((reader + reads) % writers)).status()).isEqualTo(200);
          reads++;
        }
        return reads;
      }));
    }
    List<Future<?>> checks = new ArrayList<>();
    for (String id : ids) {
      checks.add(pool.submit(() -> {
        for (int n = 0; n < 60; n++) {
          String message = "write " + n + " of " + id;
          assertThat(api.put("/_connector/" + id + "/_error", "{\"error\":\"" + message + "\"}").status())
              .isEqualTo(200);
          var read = api.get("/_connector/" + id).json();
          assertThat(read.getString("error")).isEqualTo(message);
          assertThat(read.getString("status")).isEqualTo("error");
        }
        return null;
      }));
    }
    try {
      for (Future<?> check : checks) {
        check.get(60, TimeUnit.SECONDS);
      }
    } finally {
      writing.set(false);
    }
    for (Future<Integer> reader : readers) {
      assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
    }
    pool.shutdown();
  }
}
