package dev.connectors.store;

import dev.connectors.model.StoreCommand;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;

/**
 * The HTTP side's way to the store: sends a command to the store verticles over the event bus
 * and gives back the reply. A failed future carries a {@code ReplyException} whose failure code
 * is a {@link StoreError}, or a timeout when no store answered in time.
 */
public final class StoreClient {

  private final EventBus bus;
  private final DeliveryOptions options;

  public StoreClient(EventBus bus, long timeoutMillis) {
    LocalCodec.registerOn(bus); // the sender needs the codec too, whether or not a store runs yet
    this.bus = bus;
    this.options = LocalCodec.options().setSendTimeout(timeoutMillis);
  }

  public <R> Future<R> send(StoreCommand<R> command) {
    return bus.<R>request(StoreAddress.of(command), command, options).map(Message::body);
  }
}
