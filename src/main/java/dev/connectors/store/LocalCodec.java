package dev.connectors.store;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Hands a command or reply record from one verticle to another by reference: the event bus here
 * never leaves the JVM, so nothing is copied or serialised. The records are immutable, which is
 * what makes sharing them between event loops safe.
 */
final class LocalCodec implements MessageCodec<Object, Object> {

  static final String NAME = "connector-service-local";

  static void registerOn(EventBus bus) {
    try {
      bus.registerCodec(new LocalCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // a second service started on the same Vert.x instance (tests) shares the codec
    }
  }

  static DeliveryOptions options() {
    return new DeliveryOptions().setCodecName(NAME);
  }

  @Override
  public void encodeToWire(Buffer buffer, Object o) {
    throw new UnsupportedOperationException("store messages never leave the JVM");
  }

  @Override
  public Object decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("store messages never leave the JVM");
  }

  @Override
  public Object transform(Object o) {
    return o;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
