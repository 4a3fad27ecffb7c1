package dev.connectors.http;

import dev.connectors.model.FleetCommands.Change;
import dev.connectors.model.FleetCommands.Changes;
import dev.connectors.model.FleetCommands.ReadChanges;
import dev.connectors.model.Times;
import dev.connectors.store.StoreClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's one reader of the connectors' changes, for every {@code GET /_connector/_watch}
 * stream it serves: one query every {@value #POLL_MILLIS} ms (at once again while pages come
 * back full), however many watchers, each page rendered once and handed to every watcher on its
 * own event loop. The change table and its order: {@code sql/V10__connector_changes.sql}.
 * A watcher resuming from a change number first reads what it missed, page by page, then joins.
 */
public final class ChangeFeed {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  static final long POLL_MILLIS = 250;
  private static final int PAGE = 1_000;

  /** A stream the feed serves; every call but {@link #pick} comes on the watcher's own context. */
  interface Watcher {
    Context context();

    /** The events of a page this watcher shows, in order; called on the feed's thread, so pure. */
    List<Event> pick(Page page);

    /** Live changes, in order; held while the watcher catches up. */
    void deliver(List<Event> events);

    /** Changes read for a resume, in order, sent at once; a change may come again live (passed over). */
    void replay(List<Event> events);

    /** Changes numbered up to {@code number} are not for this watcher. */
    void skipThrough(long number);

    /** What was missed cannot be told (deleted after CHANGES_RETENTION): the client must reload. */
    void reset(String reason);

    /** From now on, changes come live. */
    void live();

    /** The feed is stopping: end the stream (the client resumes elsewhere with its last id). */
    void end();
  }

  /**
   * Changes read together, in order, and the same indexed by connector, so that a watcher of a
   * few connectors finds its own without looking at the rest.
   */
  record Page(List<Event> events, Map<String, List<Event>> byConnector) {
    static Page of(List<Change> changes) {
      List<Event> events = changes.stream().map(Event::of).toList();
      Map<String, List<Event>> byConnector = new HashMap<>();
      events.forEach(event -> byConnector.computeIfAbsent(event.change().connectorId(), id -> new ArrayList<>())
          .add(event));
      return new Page(events, byConnector);
    }
  }

  /** A change as it goes out: rendered once as its lines of the stream, for every watcher. */
  record Event(Change change, Buffer text) {
    static Event of(Change change) {
      boolean liveness = isLiveness(change);
      JsonObject data = new JsonObject().put("id", change.connectorId()).put("change", change.change());
      if (liveness) {
        data.put("last_seen", change.lastSeen() == null ? null : Times.format(change.lastSeen()));
      } else {
        data.put("status", change.status()).put("error", change.error());
      }
      data.put("at", Times.format(change.at()));
      return new Event(change, Buffer.buffer("id: " + change.number() + "\nevent: "
          + (liveness ? change.change() : "connector") + "\ndata: " + data.encode() + "\n\n"));
    }

    /** An {@code offline} or {@code online} event rather than a change of the connector itself. */
    boolean isLiveness() {
      return isLiveness(change);
    }

    private static boolean isLiveness(Change change) {
      return change.change().equals("offline") || change.change().equals("online");
    }
  }

  private final Vertx vertx;
  private final StoreClient store;
  private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
  /** The number of the last change handed out; -1 until the first read. Written by the poll only. */
  private volatile long position = -1;
  private volatile boolean stopped;

  public ChangeFeed(Vertx vertx, StoreClient store, MeterRegistry registry) {
    this.vertx = vertx;
    this.store = store;
    Gauge.builder("connector_service_watchers", watchers, Set::size)
        .description("GET /_connector/_watch streams open on this instance").register(registry);
  }

  public void start() {
    poll();
  }

  /** Ends every stream and stops reading. */
  public void stop() {
    stopped = true;
    watchers.forEach(watcher -> watcher.context().runOnContext(v -> watcher.end()));
    watchers.clear();
  }

  int watchers() {
    return watchers.size();
  }

  /**
   * Serves a watcher from now on: without {@code after}, the changes of transactions that had not
   * ended when it came (after a reset, when the client's id was no change number); with it (a
   * resume), first the changes numbered after it, read page by page until a page is not full, or a reset when some may have been deleted. The watcher holds
   * the live pages that arrive meanwhile until {@link Watcher#live()}; since it joins before it
   * reads, every change is either read or delivered to it (or both: it passes over repeats).
   */
  void subscribe(Watcher watcher, Long after, String resetReason) {
    watchers.add(watcher);
    if (after != null) {
      catchUp(watcher, after);
      return;
    }
    store.send(new ReadChanges(null, 0)).onComplete(now -> watcher.context().runOnContext(v -> {
      if (now.failed()) {
        watcher.end();
        return;
      }
      watcher.skipThrough(now.result().position());
      if (resetReason != null) {
        watcher.reset(resetReason);
      }
      watcher.live();
    }));
  }

  void unsubscribe(Watcher watcher) {
    watchers.remove(watcher);
  }

  private void catchUp(Watcher watcher, long after) {
    store.send(new ReadChanges(after, PAGE)).onComplete(read -> watcher.context().runOnContext(v -> {
      if (read.failed()) {
        LOG.debug("a watcher's catch-up failed; it ends and may resume: {}", read.cause().getMessage());
        watcher.end();
        return;
      }
      Changes changes = read.result();
      if (after < changes.horizon()) {
        watcher.reset("changes after [" + after + "] are no longer kept (CHANGES_RETENTION)");
        watcher.skipThrough(changes.horizon());
        catchUp(watcher, changes.horizon());
        return;
      }
      watcher.replay(watcher.pick(Page.of(changes.changes())));
      if (changes.changes().size() == PAGE && watchers.contains(watcher)) {
        catchUp(watcher, changes.position());
      } else {
        watcher.live();
      }
    }));
  }

  private void poll() {
    if (stopped) {
      return;
    }
    boolean reading = position >= 0 && !watchers.isEmpty();
    store.send(new ReadChanges(reading ? position : null, PAGE)).onComplete(read -> {
      boolean more = false;
      if (read.failed()) {
        LOG.debug("reading changes failed, tried again at the next poll: {}", read.cause().getMessage());
      } else if (reading) {
        more = take(read.result());
      } else {
        // no one to tell of changes deleted unread (their transaction may outlast the reader's xmin)
        position = Math.max(position, Math.max(read.result().position(), read.result().horizon()));
      }
      if (more) {
        poll();
      } else if (!stopped) {
        vertx.setTimer(POLL_MILLIS, fired -> poll());
      }
    });
  }

  /** Hands a page to every watcher; true when the page was full (more may be waiting). */
  private boolean take(Changes read) {
    if (position < read.horizon()) {
      // this instance fell behind the retention (its database was away that long): start over
      watchers.forEach(watcher -> watcher.context().runOnContext(v -> watcher.reset(
          "this instance fell behind the changes kept (CHANGES_RETENTION)")));
      position = read.horizon();
      return true;
    }
    if (read.changes().isEmpty()) {
      return false;
    }
    Page page = Page.of(read.changes());
    position = read.position();
    for (Watcher watcher : watchers) {
      List<Event> picked = watcher.pick(page);
      if (!picked.isEmpty()) { // most watchers of one connector have nothing in most pages: no hop at all
        watcher.context().runOnContext(v -> watcher.deliver(picked));
      }
    }
    return read.changes().size() == PAGE;
  }
}
