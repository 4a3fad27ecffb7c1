package dev.connectors.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.config.DatabaseUrl;
import dev.connectors.support.Api;
import dev.connectors.support.Auth;
import dev.connectors.support.ServiceInstances;
import dev.connectors.support.TestDatabase;
import dev.connectors.support.Watch;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GET /_connector/_watch (beyond Elasticsearch): the connectors' changes, live, from any instance")
class WatchTest {

  private static final Duration SAME_INSTANCE = Duration.ofSeconds(1);
  private static final Duration OTHER_INSTANCE = Duration.ofSeconds(2);
  private static final String DAILY = "{\"enabled\":true,\"interval\":\"0 0 0 * * ?\"}";

  private static DatabaseUrl database;
  private static ServiceInstances instances;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabase.fresh("watch");
    instances = ServiceInstances.start(2, WatchTest.class, Map.of("DATABASE_URL", database.url(),
        "HOUSEKEEPING_INTERVAL", "100ms", "WATCH_HEARTBEAT", "300ms"));
    api = instances.get(0).api();
  }

  @AfterAll
  static void stop() throws Exception {
    instances.close();
  }

  private static int port(int instance) {
    return instances.get(instance).service().port();
  }

  private static String connector() {
    String id = "w-" + UUID.randomUUID();
    assertThat(api.put("/_connector/" + id, "{\"index_name\":\"search-" + id + "\",\"service_type\":\"s3\"}")
        .status()).isEqualTo(201);
    return id;
  }

  private static void assertChange(Watch.Event event, String id, String change, String status, String error) {
    assertThat(event.type()).as(event.toString()).isEqualTo("connector");
    assertThat(event.id()).matches("[0-9]+");
    assertThat(event.data().fieldNames()).containsExactlyInAnyOrder("id", "change", "status", "error", "at");
    assertThat(event.data().getString("id")).isEqualTo(id);
    assertThat(event.data().getString("change")).isEqualTo(change);
    assertThat(event.data().getString("status")).isEqualTo(status);
    assertThat(event.data().getString("error")).isEqualTo(error);
    assertThat(event.data().getString("at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3,9}Z");
  }

  @Test
  @DisplayName("a change made through one instance reaches a watcher on the other within 2 s, and one on the same "
      + "instance within 1 s, as text/event-stream")
  void acrossInstances() throws Exception {
    String id = connector();
    try (Watch here = Watch.open(port(0), "?ids=" + id); Watch there = Watch.open(port(1), "?ids=" + id)) {
      assertThat(here.status()).isEqualTo(200);
      assertThat(here.response().headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
      assertThat(api.put("/_connector/" + id + "/_error", "{\"error\":\"disk full\"}").status()).isEqualTo(200);
      assertChange(here.nextEvent(SAME_INSTANCE), id, "error", "error", "disk full");
      assertChange(there.nextEvent(OTHER_INSTANCE), id, "error", "error", "disk full");
    }
  }

  @Test
  @DisplayName("each kind of change is named, in the order made, with growing ids; check-ins and no-op writes send "
      + "nothing")
  void kinds() throws Exception {
    String id = "w-" + UUID.randomUUID();
    try (Watch watch = Watch.open(port(1), "?ids=" + id)) {
      assertThat(api.put("/_connector/" + id, "{\"index_name\":\"search-" + id + "\",\"service_type\":\"s3\"}")
          .status()).isEqualTo(201);
      assertThat(api.put("/_connector/" + id + "/_check_in", null).status()).isEqualTo(200);
      assertThat(api.put("/_connector/" + id + "/_error", "{\"error\":\"boom\"}").status()).isEqualTo(200);
      // the same again: no change
      assertThat(api.put("/_connector/" + id + "/_error", "{\"error\":\"boom\"}").status()).isEqualTo(200);
      assertThat(api.put("/_connector/" + id + "/_status", "{\"status\":\"connected\"}").status()).isEqualTo(200);
      assertThat(api.put("/_connector/" + id + "/_configuration", "{\"configuration\":{\"host\":{\"label\":\"Host\","
          + "\"value\":\"h\"}}}").status()).isEqualTo(200);
      assertThat(api.put("/_connector/" + id + "/_scheduling", "{\"scheduling\":{\"full\":" + DAILY
          + ",\"incremental\":" + DAILY + ",\"access_control\":" + DAILY + "}}").status()).isEqualTo(200);
      assertThat(api.put("/_connector/" + id + "/_filtering", "{\"rules\":[{\"field\":\"_\",\"id\":\"DEFAULT\","
          + "\"order\":0,"
          + "\"policy\":\"include\",\"rule\":\"regex\",\"value\":\".*\"}]}").status()).isEqualTo(200);
      assertThat(api.put("/_connector/" + id + "/_last_sync", "{\"last_sync_status\":\"completed\"}").status())
          .isEqualTo(200);
      assertThat(api.put("/_connector/" + id + "/_name", "{\"name\":\"renamed\"}").status()).isEqualTo(200);
      assertThat(api.delete("/_connector/" + id).status()).isEqualTo(200);
      List<String> kinds = new ArrayList<>();
      long previous = 0;
      for (int i = 0; i < 9; i++) {
        Watch.Event event = watch.nextEvent(OTHER_INSTANCE);
        kinds.add(event.data().getString("change"));
        assertThat(Long.parseLong(event.id())).isGreaterThan(previous);
        previous = Long.parseLong(event.id());
      }
      assertThat(kinds).containsExactly("created", "error", "status", "configuration", "scheduling", "filtering",
          "sync", "other", "deleted");
      watch.assertNoEvent(Duration.ofMillis(600));
    }
  }

  @Test
  @DisplayName("?ids= filters every event, ?status= connector events by the status after the change; a bad status is 400")
  void filters() throws Exception {
    String mine = connector();
    String other = connector();
    try (Watch byId = Watch.open(port(0), "?ids=" + mine); Watch byStatus = Watch.open(port(0),
        "?ids=" + mine + "," + other + "&status=error")) {
      api.put("/_connector/" + other + "/_error", "{\"error\":\"other\"}");
      api.put("/_connector/" + mine + "/_status", "{\"status\":\"needs_configuration\"}");
      api.put("/_connector/" + mine + "/_error", "{\"error\":\"mine\"}");
      assertChange(byId.nextEvent(SAME_INSTANCE), mine, "status", "needs_configuration", null);
      assertChange(byId.nextEvent(SAME_INSTANCE), mine, "error", "error", "mine");
      assertChange(byStatus.nextEvent(SAME_INSTANCE), other, "error", "error", "other");
      assertChange(byStatus.nextEvent(SAME_INSTANCE), mine, "error", "error", "mine");
    }
    try (Watch bad = Watch.open(port(0), "?status=broken")) {
      assertThat(bad.status()).isEqualTo(400);
      assertThat(new String(bad.response().body().readAllBytes())).contains("illegal_argument_exception")
          .contains("[status] must be one of");
    }
  }

  @Test
  @DisplayName("a client reconnecting with Last-Event-ID gets every change it missed, on either instance, then live ones")
  void resumes() throws Exception {
    String id = connector();
    String lastSeen;
    try (Watch watch = Watch.open(port(0), "?ids=" + id)) {
      api.put("/_connector/" + id + "/_error", "{\"error\":\"first\"}");
      lastSeen = watch.nextEvent(SAME_INSTANCE).id();
    }
    api.put("/_connector/" + id + "/_error", "{\"error\":\"second\"}");
    api.put("/_connector/" + id + "/_error", "{\"error\":\"third\"}");
    for (int instance = 0; instance < 2; instance++) {
      try (Watch resumed = Watch.open(port(instance), "?ids=" + id, Map.of("Last-Event-ID", lastSeen))) {
        assertChange(resumed.nextEvent(OTHER_INSTANCE), id, "error", "error", "second");
        assertChange(resumed.nextEvent(OTHER_INSTANCE), id, "error", "error", "third");
        if (instance == 1) {
          api.put("/_connector/" + id + "/_error", "{\"error\":\"live\"}");
          assertChange(resumed.nextEvent(OTHER_INSTANCE), id, "error", "error", "live");
        }
      }
    }
  }

  @Test
  @DisplayName("a Last-Event-ID older than the changes kept, or not one of ours, gets event: reset, then live changes")
  void resets() throws Exception {
    String id = connector();
    String old;
    try (Watch here = Watch.open(port(0), "?ids=" + id); Watch there = Watch.open(port(1), "?ids=" + id)) {
      api.put("/_connector/" + id + "/_error", "{\"error\":\"old\"}");
      old = here.nextEvent(SAME_INSTANCE).id();
      api.put("/_connector/" + id + "/_error", "{\"error\":\"newer\"}");
      // both instances' readers have passed both changes before they expire (an hour, in life)
      here.nextEvent(SAME_INSTANCE);
      there.nextEvent(OTHER_INSTANCE);
      there.nextEvent(OTHER_INSTANCE);
    }
    // as if CHANGES_RETENTION (1h) had passed for both: the housekeeping deletes them and moves the horizon
    TestDatabase.execute(database, "UPDATE connector_changes SET at = now() - interval '2 hours' WHERE connector_id = '"
        + id + "'");
    Auth.within(Duration.ofSeconds(10), nothing -> (Long) TestDatabase.rowIn(database,
        "SELECT count(*) AS n FROM connector_changes WHERE connector_id = ?", id).get("n") == 0);
    for (String lastEventId : new String[] {old, "not-a-number"}) {
      try (Watch resumed = Watch.open(port(1), "?ids=" + id, Map.of("Last-Event-ID", lastEventId))) {
        Watch.Event reset = resumed.nextEvent(OTHER_INSTANCE);
        assertThat(reset.type()).isEqualTo("reset");
        assertThat(reset.id()).isNull();
        assertThat(reset.data().getString("reason")).isNotBlank();
        api.put("/_connector/" + id + "/_error", "{\"error\":\"after-" + lastEventId + "\"}");
        assertChange(resumed.nextEvent(OTHER_INSTANCE), id, "error", "error", "after-" + lastEventId);
      }
    }
  }

  @Test
  @DisplayName("a stream the client closes is let go: /_metrics counts the open streams of each instance")
  void closedStreamsLetGo() throws Exception {
    String gauge = "connector_service_watchers ";
    try (Watch one = Watch.open(port(1), "?ids=nobody"); Watch two = Watch.open(port(1), "")) {
      Auth.within(Duration.ofSeconds(5), nothing -> metrics(1).contains(gauge + "2.0"));
    }
    Auth.within(Duration.ofSeconds(5), nothing -> metrics(1).contains(gauge + "0.0"));
  }

  private static String metrics(int instance) {
    return instances.get(instance).api().get("/_metrics").body();
  }

  @Test
  @DisplayName("past MAX_WATCHERS an instance answers 429 in Elasticsearch's shape; a slot freed is taken again")
  void boundedStreams() throws Exception {
    try (ServiceInstances one = ServiceInstances.start(1, WatchTest.class, Map.of("DATABASE_URL", database.url(),
        "MAX_WATCHERS", "1"))) {
      int port = one.get(0).service().port();
      try (Watch first = Watch.open(port, "")) {
        assertThat(first.status()).isEqualTo(200);
        try (Watch second = Watch.open(port, "")) {
          assertThat(second.status()).isEqualTo(429);
          assertThat(new String(second.response().body().readAllBytes())).contains("es_rejected_execution_exception")
              .contains("MAX_WATCHERS");
        }
      }
      Auth.within(Duration.ofSeconds(5), nothing -> {
        try (Watch again = Watch.open(port, "")) {
          return again.status() == 200;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
    }
  }

  @Test
  @DisplayName("a quiet stream gets a comment line at the heartbeat (WATCH_HEARTBEAT; 15 s by default)")
  void heartbeat() throws Exception {
    try (Watch watch = Watch.open(port(0), "?ids=nobody")) {
      long start = System.nanoTime();
      Watch.Event event = watch.next(Duration.ofSeconds(2));
      assertThat(event.isComment()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
      assertThat(watch.next(Duration.ofSeconds(2)).isComment()).isTrue();
    }
  }

  @Test
  @DisplayName("a connector unseen past OFFLINE_AFTER is announced offline once, by one instance, and online at its "
      + "next check-in, with ids that resume like the rest")
  void offlineAndOnline() throws Exception {
    String id = connector();
    try (Watch a = Watch.open(port(0), "?ids=" + id); Watch b = Watch.open(port(1), "?ids=" + id)) {
      TestDatabase.execute(database, "UPDATE connectors SET last_seen = now() - interval '30 minutes 5 seconds' WHERE id = '"
          + id + "'");
      for (Watch watch : List.of(a, b)) {
        Watch.Event offline = watch.nextEvent(Duration.ofSeconds(5));
        assertThat(offline.type()).isEqualTo("offline");
        assertThat(offline.id()).matches("[0-9]+");
        assertThat(offline.data().fieldNames()).containsExactlyInAnyOrder("id", "change", "last_seen", "at");
        assertThat(offline.data().getString("change")).isEqualTo("offline");
        assertThat(Instant.parse(offline.data().getString("last_seen")))
            .isBefore(Instant.now().minus(Duration.ofMinutes(30)));
      }
      assertThat(api.put("/_connector/" + id + "/_check_in", null).status()).isEqualTo(200);
      for (Watch watch : List.of(a, b)) {
        Watch.Event online = watch.nextEvent(Duration.ofSeconds(5));
        assertThat(online.type()).isEqualTo("online");
        assertThat(online.data().getString("change")).isEqualTo("online");
      }
      a.assertNoEvent(Duration.ofMillis(500)); // announced once, though both instances keep house
    }
  }

  @Test
  @DisplayName("the change table's trigger compares every column of connectors but last_seen and updated_at")
  void triggerCoversEveryColumn() {
    Map<String, Object> row = TestDatabase.rowIn(database, "SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger"
        + " WHERE tgname = 'connectors_changed'");
    String definition = (String) row.get("def");
    Map<String, Object> columns = TestDatabase.rowIn(database, "SELECT string_agg(column_name, ',') AS names FROM"
        + " information_schema.columns WHERE table_name = 'connectors' AND column_name NOT IN ('last_seen', 'updated_at')");
    for (String column : ((String) columns.get("names")).split(",")) {
      assertThat(definition).as(column).contains("old." + column).contains("new." + column);
    }
    assertThat(definition).doesNotContain("last_seen").doesNotContain("updated_at");
  }

  @Test
  @DisplayName("the watch stream is listed in the OpenAPI document")
  void documented() {
    JsonObject doc = api.get("/_openapi").json();
    assertThat(doc.getJsonObject("paths").getJsonObject("/_connector/_watch")).isNotNull();
  }
}
