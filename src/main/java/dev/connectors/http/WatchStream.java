package dev.connectors.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One {@code GET /_connector/_watch} stream (Server-Sent Events): the feed's changes that pass
 * its filters, each once and in order; a comment line when it has been quiet for the heartbeat.
 * Confined to its request's event loop. A client that does not read is cut off rather than
 * buffered for: it resumes with {@code Last-Event-ID} when it is ready. Its caller is checked
 * again at every tick of the heartbeat's timer: a key invalidated or expired since ends the
 * stream within a quarter of the heartbeat.
 */
final class WatchStream implements ChangeFeed.Watcher {

  private static final Buffer HEARTBEAT = Buffer.buffer(": keep-alive\n\n");
  private static final Buffer RETRY = Buffer.buffer("retry: 2000\n\n");

  /**
   * What a stream shows: connectors in {@code ids} (all when empty) and in {@code scope} (all
   * when null), connector events with a status in {@code statuses} (all when empty).
   */
  record Filter(Set<String> ids, Set<String> statuses, Set<String> scope) {
    boolean passes(ChangeFeed.Event event) {
      String id = event.change().connectorId();
      return (scope == null || scope.contains(id)) && (ids.isEmpty() || ids.contains(id))
          && (statuses.isEmpty() || event.isLiveness() || statuses.contains(event.change().status()));
    }

    /** The events of the page that pass, in order: with ids, looked up by connector. */
    List<ChangeFeed.Event> pick(ChangeFeed.Page page) {
      if (ids.isEmpty()) {
        return page.events().stream().filter(this::passes).toList();
      }
      List<ChangeFeed.Event> picked = new ArrayList<>();
      for (String id : ids) {
        picked.addAll(page.byConnector().getOrDefault(id, List.of()));
      }
      if (ids.size() > 1) {
        picked.sort(Comparator.comparingLong(event -> event.change().number()));
      }
      picked.removeIf(event -> !passes(event));
      return picked;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final HttpServerResponse response;
  private final Filter filter;
  private final long heartbeatMillis;
  private final Supplier<Future<Boolean>> stillAllowed;
  /** Live pages that came while the stream caught up; null once live. */
  private List<List<ChangeFeed.Event>> held = new ArrayList<>();
  /** The number of the last change written (or skipped through); a change at or below it is a repeat. */
  private long passed;
  private long lastWrite;
  private long heartbeat = -1;
  private boolean ended;
  private boolean begun;

  WatchStream(Vertx vertx, HttpServerResponse response, Filter filter, long heartbeatMillis, Long after,
      Supplier<Future<Boolean>> stillAllowed) {
    this.stillAllowed = stillAllowed;
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.response = response;
    this.filter = filter;
    this.heartbeatMillis = heartbeatMillis;
    this.passed = after == null ? -1 : after;
  }

  /**
   * Prepares the response and starts the heartbeat; the headers go out with the first line, once
   * the stream knows where it starts ({@link #live()} at the latest), so that a client that has its
   * 200 sees every change it makes after that.
   */
  void open(Runnable onClose) {
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no"); // nginx: pass each event on at once
    response.closeHandler(closed -> {
      finish();
      onClose.run();
    });
    heartbeat = vertx.setPeriodic(Math.max(10, heartbeatMillis / 4), tick -> {
      if (begun && System.currentTimeMillis() - lastWrite >= heartbeatMillis) {
        write(HEARTBEAT);
      }
      stillAllowed.get().onSuccess(allowed -> {
        if (!allowed) {
          end();
        }
      });
    });
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public List<ChangeFeed.Event> pick(ChangeFeed.Page page) {
    return filter.pick(page);
  }

  @Override
  public void deliver(List<ChangeFeed.Event> events) {
    if (held != null) {
      held.add(events);
    } else {
      send(events);
    }
  }

  @Override
  public void replay(List<ChangeFeed.Event> events) {
    send(events);
  }

  @Override
  public void skipThrough(long number) {
    passed = Math.max(passed, number);
  }

  @Override
  public void live() {
    if (!begun) {
      write(Buffer.buffer()); // the headers, at least
    }
    List<List<ChangeFeed.Event>> pages = held;
    held = null;
    if (pages != null) {
      pages.forEach(this::send);
    }
  }

  @Override
  public void reset(String reason) {
    write(Buffer.buffer("event: reset\ndata: " + new JsonObject().put("reason", reason).encode() + "\n\n"));
  }

  @Override
  public void end() {
    if (finish()) {
      response.end();
    }
  }

  private void send(List<ChangeFeed.Event> events) {
    for (ChangeFeed.Event event : events) {
      long number = event.change().number();
      if (number <= passed) {
        continue;
      }
      passed = number;
      write(event.text()); // picked by the filter already
    }
  }

  private void write(Buffer text) {
    if (ended) {
      return;
    }
    lastWrite = System.currentTimeMillis();
    if (!begun) {
      begun = true;
      response.write(RETRY); // the client's reconnection delay
    }
    response.write(text);
    if (response.writeQueueFull() && finish()) {
      // the client reads slower than its changes come: cut it off, it resumes from its last id
      response.reset();
    }
  }

  /** Marks the stream ended and stops its heartbeat; false when it had ended already. */
  private boolean finish() {
    if (ended) {
      return false;
    }
    ended = true;
    if (heartbeat >= 0) {
      vertx.cancelTimer(heartbeat);
    }
    return true;
  }
}
