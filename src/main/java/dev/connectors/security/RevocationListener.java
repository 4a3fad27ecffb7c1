package dev.connectors.security;

import dev.connectors.store.PostgresTargets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL connection per instance that {@code LISTEN}s to changes of the key table (the
 * trigger of {@code V5__api_key_layers_and_revocation.sql}) and drops each changed key from the
 * instance's {@link ApiKeyCache}. When the connection breaks, the cache is switched off until
 * the listener is back and subscribed, and then starts empty: an invalidation made meanwhile,
 * through another instance, is never missed. It reconnects to the host {@link PostgresTargets}
 * chooses then (notifications are sent on the primary only, so after a failover it must follow).
 */
public final class RevocationListener {

  static final String CHANNEL = "api_keys_changed";
  private static final Logger LOG = LoggerFactory.getLogger(RevocationListener.class);
  private static final long RECONNECT_DELAY_MILLIS = 500;

  private final Vertx vertx;
  private final PostgresTargets targets;
  private final ApiKeyCache cache;
  private PgSubscriber subscriber;
  private volatile boolean stopped;
  private volatile boolean warned;
  private final AtomicBoolean reconnecting = new AtomicBoolean();

  private RevocationListener(Vertx vertx, PostgresTargets targets, ApiKeyCache cache) {
    this.vertx = vertx;
    this.targets = targets;
    this.cache = cache;
  }

  /** Connects and subscribes; while it cannot, it keeps trying, half a second apart, and the cache stays off. */
  public static Future<RevocationListener> start(Vertx vertx, PostgresTargets targets, ApiKeyCache cache) {
    var listener = new RevocationListener(vertx, targets, cache);
    return listener.connect().map(listener);
  }

  private Future<Void> connect() {
    return targets.chooser().get()
        .compose(options -> {
          subscriber = PgSubscriber.subscriber(vertx, new PgConnectOptions(options)
                  .addProperty("application_name", "connector-service-revocation"))
              .reconnectPolicy(attempt -> -1L); // reconnects here instead, to the host chosen then
          subscriber.closeHandler(closed -> lost());
          subscriber.channel(CHANNEL)
              .subscribeHandler(subscribed -> {
                warned = false;
                cache.listening(true);
              })
              .handler(id -> cache.invalidate(List.of(id)));
          return subscriber.connect();
        })
        .onFailure(failed -> lost())
        .recover(failed -> Future.succeededFuture());
  }

  private void lost() {
    cache.listening(false);
    if (stopped || !reconnecting.compareAndSet(false, true)) {
      return; // stopping, or a reconnection is on its way already
    }
    if (!warned) {
      warned = true;
      LOG.warn("lost the connection that hears key invalidations; keys are looked up on every request until it is back");
    }
    vertx.setTimer(RECONNECT_DELAY_MILLIS, retry -> {
      reconnecting.set(false);
      connect();
    });
  }

  public Future<Void> stop() {
    stopped = true;
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }
}
