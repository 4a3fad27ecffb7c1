package dev.connectors.security;

import dev.connectors.http.ApiException;
import dev.connectors.model.SecurityCommands.ApiKey;
import dev.connectors.model.SecurityCommands.FindApiKey;
import dev.connectors.model.SecurityCommands.UpgradeAdminPasswordHash;
import dev.connectors.store.StoreClient;
import dev.connectors.store.StoreError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns credentials into a {@link Principal}, or into Elasticsearch's 401 (or 429 when a client
 * keeps failing, 503 when the key cannot be looked up). One per instance, shared by its HTTP
 * verticles. What each path costs:
 * <ul>
 *   <li>an API key in the cache: one SHA-256 and a constant-time compare;</li>
 *   <li>an unknown key id: the same work against a stand-in hash, and after the first time no
 *       database round trip, so it answers like a wrong secret of a known key; key failures are
 *       not throttled by address, since a fleet behind one NAT or load balancer shares one, and
 *       a guess costs no more than any request;</li>
 *   <li>the password of {@code elastic}: a slow PBKDF2 check on a worker thread, at most
 *       {@code maxPasswordChecks} at once, and then remembered (as a salted fingerprint, for the
 *       key cache's time) so a dashboard's requests do not pay it again; wrong passwords are
 *       throttled per client address and per user ({@link AuthThrottle}).</li>
 * </ul>
 */
public final class Authenticator {

  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  /** Compared against when a key id is unknown, so that a miss takes as long as a wrong secret. */
  private static final String NO_KEY_HASH = Secrets.sha256("no such key");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String BAD_CREDENTIALS =
      "unable to authenticate with provided credentials and anonymous access is not allowed for this request";

  private record Verified(byte[] fingerprint, long at) {
  }

  private final Vertx vertx;
  private final StoreClient store;
  private final ApiKeyCache keys;
  private final AuthThrottle throttle;
  private final LongSupplier clock;
  private final long verifiedTtlMillis;
  private final int maxPasswordChecks;
  private final AtomicReference<String> adminPasswordHash;
  private final AtomicReference<Verified> verifiedPassword = new AtomicReference<>();
  private final AtomicInteger passwordChecks = new AtomicInteger();
  private final byte[] processSalt = new byte[16];

  public Authenticator(Vertx vertx, StoreClient store, String adminPasswordHash, ApiKeyCache keys,
      AuthThrottle throttle, long verifiedTtlMillis, int maxPasswordChecks, LongSupplier clock) {
    this.vertx = vertx;
    this.store = store;
    this.adminPasswordHash = new AtomicReference<>(adminPasswordHash);
    this.keys = keys;
    this.throttle = throttle;
    this.verifiedTtlMillis = verifiedTtlMillis;
    this.maxPasswordChecks = maxPasswordChecks;
    this.clock = clock;
    RANDOM.nextBytes(processSalt);
  }

  public ApiKeyCache keys() {
    return keys;
  }

  /** Who the credentials belong to; {@code source} is the client's address, {@code path} for messages. */
  public Future<Principal> authenticate(Credentials credentials, String source, String path) {
    return credentials instanceof Credentials.Basic basic ? password(basic, source, path)
        : apiKey((Credentials.ApiKey) credentials, source);
  }

  private Future<Principal> password(Credentials.Basic basic, String source, String path) {
    ApiException refused = unauthenticated("unable to authenticate user [" + basic.user() + "] for REST request ["
        + path + "]");
    if (!Principal.ADMIN.equals(basic.user())) {
      throttle.failed(source);
      return Future.failedFuture(refused);
    }
    byte[] fingerprint = PasswordHash.fingerprint(basic.password(), processSalt);
    Verified verified = verifiedPassword.get();
    if (verified != null && clock.getAsLong() - verified.at() < verifiedTtlMillis
        && MessageDigest.isEqual(verified.fingerprint(), fingerprint)) {
      return Future.succeededFuture(Principal.SUPERUSER);
    }
    ApiException throttled = throttled(source, "user:" + basic.user());
    if (throttled != null) {
      return Future.failedFuture(throttled);
    }
    if (passwordChecks.incrementAndGet() > maxPasswordChecks) {
      passwordChecks.decrementAndGet();
      return Future.failedFuture(ApiException.rejected("rejected execution: too many password checks "
          + "are running; retry later", 1));
    }
    String stored = adminPasswordHash.get();
    return vertx.executeBlocking(() -> PasswordHash.matches(basic.password(), stored), false)
        .eventually(() -> {
          passwordChecks.decrementAndGet();
          return Future.succeededFuture();
        })
        .compose(matches -> {
          if (!matches) {
            throttle.failed(source);
            throttle.failed("user:" + basic.user());
            return Future.failedFuture(refused);
          }
          verifiedPassword.set(new Verified(fingerprint, clock.getAsLong()));
          if (PasswordHash.isLegacy(stored)) {
            upgrade(stored, basic.password());
          }
          return Future.succeededFuture(Principal.SUPERUSER);
        });
  }

  /** Replaces a SHA-256 password hash of an earlier version by PBKDF2, once the password is known right. */
  private void upgrade(String stored, String password) {
    vertx.executeBlocking(() -> PasswordHash.hash(password), false)
        .compose(replacement -> store.send(new UpgradeAdminPasswordHash(stored, replacement))
            .onSuccess(done -> adminPasswordHash.compareAndSet(stored, replacement)))
        .onSuccess(done -> LOG.info("the password hash of [elastic] is now PBKDF2"))
        .onFailure(failure -> LOG.warn("could not upgrade the password hash of [elastic]: {}", failure.toString()));
  }

  private Future<Principal> apiKey(Credentials.ApiKey credentials, String source) {
    ApiKey cached = keys.get(credentials.id());
    if (cached != null || keys.knownUnknown(credentials.id()) || !Credentials.plausibleKeyId(credentials.id())) {
      return checked(cached, credentials, source);
    }
    long generation = keys.generation();
    return store.send(new FindApiKey(credentials.id()))
        .compose(found -> {
          keys.put(found, generation);
          return checked(found, credentials, source);
        }, failure -> {
          if (!isUnknownKey(failure)) {
            return Future.failedFuture(failure); // the database is unreachable, say: 503, never a 401
          }
          keys.putUnknown(credentials.id(), generation);
          return checked(null, credentials, source);
        });
  }

  private Future<Principal> checked(ApiKey key, Credentials.ApiKey credentials, String source) {
    boolean secretMatches = Secrets.matches(credentials.secret(), key == null ? NO_KEY_HASH : key.secretHash());
    if (key == null || !secretMatches) {
      return Future.failedFuture(unauthenticated(BAD_CREDENTIALS));
    }
    if (!key.usableAt(Instant.ofEpochMilli(clock.getAsLong()))) {
      return Future.failedFuture(unauthenticated(key.invalidated() ? "api key has been invalidated" : "api key is expired"));
    }
    return Future.succeededFuture(Principal.of(key));
  }

  private ApiException throttled(String source, String user) {
    long wait = Math.max(throttle.retryAfterMillis(source), throttle.retryAfterMillis(user));
    if (wait == 0) {
      return null;
    }
    long seconds = Math.max(1, (wait + 999) / 1000);
    return ApiException.rejected("rejected execution: too many failed authentication attempts from ["
        + source + "] or for [" + user.substring("user:".length()) + "]"
        + "; retry in [" + seconds + "s]", seconds);
  }

  private static boolean isUnknownKey(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && StoreError.fromCode(reply.failureCode()) == StoreError.NOT_FOUND;
  }

  public static ApiException unauthenticated(String reason) {
    return new ApiException(401, "security_exception", reason);
  }
}
