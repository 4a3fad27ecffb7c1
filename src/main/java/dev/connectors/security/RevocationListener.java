package dev.connectors.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL connection per instance that {@code LISTEN}s to changes of the key table (the
 * trigger of {@code V5__api_key_layers_and_revocation.sql}) and drops each changed key from the
 * instance's {@link ApiKeyCache}. When the connection breaks, the cache is switched off until
 * the listener is back and subscribed, and then starts empty: an invalidation made meanwhile,
 * through another instance, is never missed.
 */
public final class RevocationListener {

  static final String CHANNEL = "api_keys_changed";
  private static final Logger LOG = LoggerFactory.getLogger(RevocationListener.class);
  private static final long RECONNECT_DELAY_MILLIS = 500;

  private final PgSubscriber subscriber;

  private RevocationListener(PgSubscriber subscriber) {
    this.subscriber = subscriber;
  }

  /** Connects and subscribes; retries for ever, half a second apart, when the connection is lost. */
  public static Future<RevocationListener> start(Vertx vertx, PgConnectOptions options, ApiKeyCache cache) {
    PgSubscriber subscriber = PgSubscriber.subscriber(vertx, new PgConnectOptions(options)
            .addProperty("application_name", "connector-service-revocation"))
        // asked each time the connection is lost, before every attempt to get it back
        .reconnectPolicy(attempt -> {
          if (attempt == 0) {
            LOG.warn("lost the connection that hears key invalidations; keys are looked up on every request "
                + "until it is back");
          }
          cache.listening(false);
          return RECONNECT_DELAY_MILLIS;
        });
    subscriber.closeHandler(closed -> cache.listening(false));
    subscriber.channel(CHANNEL)
        .subscribeHandler(subscribed -> cache.listening(true))
        .handler(id -> cache.invalidate(List.of(id)));
    return subscriber.connect().map(connected -> new RevocationListener(subscriber));
  }

  public Future<Void> stop() {
    return subscriber.close();
  }
}
