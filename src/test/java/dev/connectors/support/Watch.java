package dev.connectors.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of {@code GET /_connector/_watch} as a browser's EventSource reads it: the stream
 * parsed into events (and comment lines) by a thread of its own, taken by the test in order,
 * each wait bounded.
 */
public final class Watch implements AutoCloseable {

  /** One event of the stream; a comment line comes as an event with only {@code comment}. */
  public record Event(String id, String type, JsonObject data, String comment) {
    public boolean isComment() {
      return comment != null;
    }
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final HttpResponse<InputStream> response;
  private final CountDownLatch ended = new CountDownLatch(1);

  private Watch(HttpResponse<InputStream> response) {
    this.response = response;
    if (response.statusCode() == 200) {
      Thread reader = new Thread(this::read, "watch-reader");
      reader.setDaemon(true);
      reader.start();
    }
  }

  /** Opens {@code /_connector/_watch<query>} on the port with the headers (Last-Event-ID, Authorization). */
  public static Watch open(int port, String query, Map<String, String> headers) throws Exception {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_connector/_watch" + query)).GET();
    headers.forEach(request::header);
    return new Watch(CLIENT.send(request.build(), BodyHandlers.ofInputStream()));
  }

  public static Watch open(int port, String query) throws Exception {
    return open(port, query, Map.of());
  }

  public int status() {
    return response.statusCode();
  }

  public HttpResponse<InputStream> response() {
    return response;
  }

  /** The next event or comment, failing the test when none comes within {@code within}. */
  public Event next(Duration within) throws InterruptedException {
    Event event = events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(event).as("an event within " + within).isNotNull();
    return event;
  }

  /** The next event, comment lines passed over. */
  public Event nextEvent(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (!event.isComment()) {
        return event;
      }
    }
  }

  /** Nothing but comments arrive for {@code during}: an event is a test failure. */
  public void assertNoEvent(Duration during) throws InterruptedException {
    long deadline = System.nanoTime() + during.toNanos();
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      Event event = events.poll(left, TimeUnit.NANOSECONDS);
      assertThat(event == null || event.isComment()).as("no event, got " + event).isTrue();
    }
  }

  /** The service ends the stream within {@code within} (the events before the end passed over). */
  public void awaitEnd(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!ended.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
      assertThat(System.nanoTime()).as("the stream ended within " + within).isLessThan(deadline);
    }
  }

  private void read() {
    try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String type = null;
      StringBuilder data = null;
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null || type != null) {
            events.add(new Event(id, type == null ? "message" : type,
                data == null ? null : new JsonObject(data.toString()), null));
          }
          id = null;
          type = null;
          data = null;
        } else if (line.startsWith(":")) {
          events.add(new Event(null, null, null, line.substring(1).trim()));
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(6));
        }
      }
    } catch (IOException closed) {
      // the test closed the stream, or the service ended it
    } finally {
      ended.countDown();
    }
  }

  @Override
  public void close() throws IOException {
    response.body().close();
  }
}
