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
  @DisplayName("many clients on a few shared connectors: status is 'error' exactly when error is non-empty; "
      + "each client's own writes land in order")
  void invariantAndOrder() throws Exception {
    List<String> shared = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      shared.add(created());
    }
    int clients = 24;
    List<String> own = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      own.add(created());
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<String>> lastWritten = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      lastWritten.add(pool.submit(() -> {
        String last = null;
        for (int n = 0; n < 60; n++) {
          String sharedId = shared.get((client + n) % shared.size());
          String message = switch (n % 4) {
            case 0 -> null;
            case 1 -> "";
            default -> "client " + client + " write " + n;
          };
          String body = message == null ? "{\"error\":null}" : "{\"error\":\"" + message + "\"}";
          assertThat(api.put("/_connector/" + sharedId + "/_error", body).status()).isEqualTo(200);
          last = "client " + client + " step " + n;
          assertThat(api.put("/_connector/" + own.get(client) + "/_error", "{\"error\":\"" + last + "\"}").status())
              .isEqualTo(200);
        }
        return last;
      }));
    }
    for (int c = 0; c < clients; c++) {
      String last = lastWritten.get(c).get(60, TimeUnit.SECONDS);
      assertThat(TestDatabase.row("SELECT error, status FROM connectors WHERE id = ?", own.get(c)))
          .containsEntry("error", last).containsEntry("status", "error");
    }
    pool.shutdown();
    for (String id : shared) {
      Map<String, Object> row = TestDatabase.row("SELECT error, status FROM connectors WHERE id = ?", id);
      String error = (String) row.get("error");
      assertThat(row.get("status")).as(id).isEqualTo(error == null || error.isEmpty() ? "connected" : "error");
    }
  }

  private static String created() {
    String id = uniqueId("conc");
    assertThat(api.put("/_connector/" + id, "{}").status()).isEqualTo(201);
    return id;
  }
}
