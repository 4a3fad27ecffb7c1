package dev.connectors.store;

import dev.connectors.model.StoreCommand;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;

/**
 * The HTTP side's way to the store: sends a command to the store verticles over the event bus
 * and gives back the reply. Every command carries a deadline, {@code timeoutMillis} from now,
 * by which the store has applied it or answered that it did not ({@link Statements}); the
 * event bus waits a little longer, as a backstop. A failed future carries a
 * {@code ReplyException} whose failure code is a {@link StoreError}, or a timeout when no store
 * answered in time.
 */
public final class StoreClient {

  static final String DEADLINE_HEADER = "deadline";
  /** How much longer than the deadline the HTTP side waits for the store's own answer. */
  private static final long BACKSTOP_MILLIS = 1_000;

  private final EventBus bus;
  private final long timeoutMillis;

  public StoreClient(EventBus bus, long timeoutMillis) {
    LocalCodec.registerOn(bus); // the sender needs the codec too, whether or not a store runs yet
    this.bus = bus;
    this.timeoutMillis = timeoutMillis;
  }

  public <R> Future<R> send(StoreCommand<R> command) {
    DeliveryOptions options = LocalCodec.options()
        .setSendTimeout(timeoutMillis + BACKSTOP_MILLIS)
        .addHeader(DEADLINE_HEADER, Long.toString(System.currentTimeMillis() + timeoutMillis));
    return bus.<R>request(StoreAddress.of(command), command, options).map(Message::body);
  }
}
