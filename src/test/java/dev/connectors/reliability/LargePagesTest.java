package dev.connectors.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.connectors.config.DatabaseUrl;
import dev.connectors.support.Api;
import dev.connectors.support.ServiceInstances;
import dev.connectors.support.TestDatabase;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A list page of 10,000 documents is tens of megabytes of JSON: built from its rows and rendered
 * on an event loop, it holds every other request on that loop for as long. Vert.x's own blocked
 * thread checker, set well below what rendering such a page on a loop took (321 to 488 ms in runs
 * of the old code) and far above any single step that belongs there, tells whether one did.
 * The checker also counts the JVM's garbage-collection pauses, which stop every thread at once
 * and are no loop's doing (this test's own client parses the pages in the same JVM; on a slow
 * machine a young pause took 243 ms): the pauses within a block are taken off it.
 */
@DisplayName("Large list pages are built and rendered off the event loops")
class LargePagesTest {

  private static final long MAX_LOOP_STEP_MS = 200;
  private static final int CONNECTORS = 10_000;

  private static ServiceInstances instance;
  private static Api api;
  private static final ListAppender<ILoggingEvent> blocked = new ListAppender<>();
  private static final GcPauses pauses = new GcPauses();
  private static final Pattern BLOCKED = Pattern.compile("blocked for (\\d+) ms.*\\((\\d+) ms of it in GC pauses\\)");

  /** The JVM's collection pauses as they end: when (epoch ms) and how long. */
  private static final class GcPauses {
    private final List<long[]> ended = new CopyOnWriteArrayList<>();

    void start() {
      long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
      for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo();
            ended.add(new long[] {jvmStart + info.getStartTime(), jvmStart + info.getEndTime()});
          }
        }, null, null);
      }
    }

    /** Milliseconds of pauses within the block a checker's warning reports (it ends at the warning). */
    long within(ILoggingEvent warning) {
      Matcher m = Pattern.compile("blocked for (\\d+) ms").matcher(warning.getFormattedMessage());
      long end = warning.getTimeStamp();
      long start = m.find() ? end - Long.parseLong(m.group(1)) : end;
      long sum = 0;
      for (long[] pause : ended) {
        sum += Math.max(0, Math.min(end, pause[1]) - Math.max(start, pause[0]));
      }
      return sum;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    DatabaseUrl database = TestDatabase.fresh("large_pages");
    VertxOptions options = new VertxOptions()
        .setMaxEventLoopExecuteTime(MAX_LOOP_STEP_MS).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(10).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS);
    instance = ServiceInstances.start(LargePagesTest.class, Map.of("DATABASE_URL", database.url()), options);
    api = instance.get(0).api();
    // each document about 3 kB, with a configuration of 20 fields as real connectors have
    TestDatabase.execute(database, "INSERT INTO connectors (id, name, index_name, service_type, configuration)"
        + " SELECT 'big-' || g, 'connector ' || g, 'search-' || g, 'google_drive',"
        + " (SELECT jsonb_object_agg('field_' || f, jsonb_build_object('label', 'Field ' || f, 'value', 'v' || g,"
        + " 'order', f, 'required', true, 'sensitive', false, 'type', 'str')) FROM generate_series(1, 20) f)"
        + " FROM generate_series(1, " + CONNECTORS + ") g");
    TestDatabase.execute(database, "ANALYZE connectors");
    Logger checker = (Logger) LoggerFactory.getLogger("io.vertx.core.impl.BlockedThreadChecker");
    blocked.start();
    checker.addAppender(blocked);
    pauses.start();
  }

  @AfterAll
  static void stop() throws Exception {
    ((Logger) LoggerFactory.getLogger("io.vertx.core.impl.BlockedThreadChecker")).detachAppender(blocked);
    instance.close();
  }

  @Test
  @DisplayName("pages of 10,000 connectors come back whole, and no event loop is held " + MAX_LOOP_STEP_MS + " ms meanwhile")
  void noLoopHeld() {
    for (int i = 0; i < 3; i++) {
      Api.Response page = api.get("/_connector?size=10000");
      assertThat(page.status()).isEqualTo(200);
      JsonObject answer = page.json();
      assertThat(answer.getLong("count")).isEqualTo(CONNECTORS);
      assertThat(answer.getJsonArray("results")).hasSize(CONNECTORS);
      assertThat(answer.getJsonArray("results").getJsonObject(CONNECTORS - 1)
          .getJsonObject("configuration").getJsonObject("field_20").getString("value")).startsWith("v");
    }
    assertThat(blocked.list).filteredOn(event -> event.getFormattedMessage().contains("vert.x-eventloop-thread"))
        .extracting(event -> event.getFormattedMessage() + " (" + pauses.within(event) + " ms of it in GC pauses)")
        .filteredOn(message -> {
          Matcher m = BLOCKED.matcher(message);
          return m.find() && Long.parseLong(m.group(1)) - Long.parseLong(m.group(2)) >= MAX_LOOP_STEP_MS;
        })
        .isEmpty();
  }
}
