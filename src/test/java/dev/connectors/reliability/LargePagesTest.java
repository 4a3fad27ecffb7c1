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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A list page of 10,000 documents is tens of megabytes of JSON: built from its rows and rendered
 * on an event loop, it holds every other request on that loop for as long. Vert.x's own blocked
 * thread checker, set well below what rendering such a page on a loop takes (321 to 488 ms in runs
 * of the old code with documents half as large; 255 to 265 ms on a slower day) and far above any
 * single step that belongs there, tells whether one did.
 * The checker counts wall time, which on two shared cores also holds garbage-collection pauses
 * (243 ms on a slow day) and waits for a core: a block counts as the loop's own doing for the CPU
 * time its thread had during it ({@code LoopCpu}).
 */
@DisplayName("Large list pages are built and rendered off the event loops")
class LargePagesTest {

  private static final long MAX_LOOP_STEP_MS = 200;
  private static final int CONNECTORS = 10_000;

  private static ServiceInstances instance;
  private static Api api;
  private static final ListAppender<ILoggingEvent> blocked = new ListAppender<>();
  private static final LoopCpu cpu = new LoopCpu();
  private static final Pattern BLOCKED = Pattern.compile("blocked for (\\d+) ms.*\\((\\d+) ms of it on the CPU\\)");

  /**
   * What each event loop thread spent on the CPU, sampled every 5 ms: a block the checker reports
   * is the loop's own work only for the CPU time the thread had during it. The rest of the wall
   * time it waited — for a garbage-collection pause, which stops every thread, or for a core, when
   * the page's rendering, PostgreSQL, this test's client and the collector share two of them.
   */
  private static final class LoopCpu {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<String, NavigableMap<Long, Long>> samples = new ConcurrentHashMap<>();
    private final Thread sampler = new Thread(this::sample, "loop-cpu-sampler");

    void start() {
      sampler.setDaemon(true);
      sampler.start();
    }

    private void sample() {
      while (!Thread.currentThread().isInterrupted()) {
        long now = System.currentTimeMillis();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
          if (thread.getName().startsWith("vert.x-eventloop-thread")) {
            samples.computeIfAbsent(thread.getName(), name -> new ConcurrentSkipListMap<>())
                .put(now, threads.getThreadCpuTime(thread.getId()));
          }
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
      }
    }

    /** Milliseconds the warning's thread was on the CPU during the block it reports (which ends at the warning). */
    long during(ILoggingEvent warning) {
      Matcher m = Pattern.compile("Thread (\\S+) has been blocked for (\\d+) ms").matcher(warning.getFormattedMessage());
      if (!m.find() || !samples.containsKey(m.group(1))) {
        return Long.MAX_VALUE;
      }
      NavigableMap<Long, Long> thread = samples.get(m.group(1));
      long end = warning.getTimeStamp();
      var from = thread.floorEntry(end - Long.parseLong(m.group(2)));
      var to = thread.ceilingEntry(end);
      to = to == null ? thread.lastEntry() : to;
      return from == null ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(to.getValue() - from.getValue());
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
    // each document about 6 kB, with a configuration of 40 fields (real connectors have 10 to 50): a
    // page rendered on a loop holds it well past the limit, on a slow machine as on a fast one
    TestDatabase.execute(database, "INSERT INTO connectors (id, name, index_name, service_type, configuration)"
        + " SELECT 'big-' || g, 'connector ' || g, 'search-' || g, 'google_drive',"
        + " (SELECT jsonb_object_agg('field_' || f, jsonb_build_object('label', 'Field ' || f, 'value', 'v' || g,"
        + " 'order', f, 'required', true, 'sensitive', false, 'type', 'str')) FROM generate_series(1, 40) f)"
        + " FROM generate_series(1, " + CONNECTORS + ") g");
    TestDatabase.execute(database, "ANALYZE connectors");
    Logger checker = (Logger) LoggerFactory.getLogger("io.vertx.core.impl.BlockedThreadChecker");
    blocked.start();
    checker.addAppender(blocked);
    cpu.start();
  }

  @AfterAll
  static void stop() throws Exception {
    ((Logger) LoggerFactory.getLogger("io.vertx.core.impl.BlockedThreadChecker")).detachAppender(blocked);
    instance.close();
  }

  @Test
  @DisplayName("pages of 10,000 connectors come back whole, and no event loop is held " + MAX_LOOP_STEP_MS + " ms meanwhile")
  void noLoopHeld() {
    Api.Response first = api.get("/_connector?size=10000");
    assertThat(first.status()).isEqualTo(200);
    JsonObject answer = first.json();
    assertThat(answer.getLong("count")).isEqualTo(CONNECTORS);
    assertThat(answer.getJsonArray("results")).hasSize(CONNECTORS);
    assertThat(answer.getJsonArray("results").getJsonObject(CONNECTORS - 1)
        .getJsonObject("configuration").getJsonObject("field_40").getString("value")).startsWith("v");
    for (int i = 0; i < 2; i++) { // the same page again, compared whole rather than parsed: less work in this JVM
      Api.Response again = api.get("/_connector?size=10000");
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.body()).isEqualTo(first.body());
    }
    assertThat(blocked.list).filteredOn(event -> event.getFormattedMessage().contains("vert.x-eventloop-thread"))
        .extracting(event -> event.getFormattedMessage() + " (" + cpu.during(event) + " ms of it on the CPU)")
        .filteredOn(message -> {
          Matcher m = BLOCKED.matcher(message);
          return m.find() && Long.parseLong(m.group(2)) >= MAX_LOOP_STEP_MS;
        })
        .isEmpty();
  }
}
