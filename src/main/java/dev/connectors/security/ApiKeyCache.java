package dev.connectors.security;

import dev.connectors.model.SecurityCommands.ApiKey;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The API keys one instance has looked up, shared by its HTTP verticles, so that a fleet's
 * requests cost no database round trip. What keeps it honest:
 * <ul>
 *   <li>every change to a key row reaches every instance through PostgreSQL's
 *       {@code NOTIFY} ({@link RevocationListener}); while that listener is not connected,
 *       the cache is not used at all, and it is emptied when the listener (re)connects, since
 *       notifications sent while it was away are lost;</li>
 *   <li>entries expire after {@code ttlMillis} all the same (a backstop);</li>
 *   <li>a lookup that an invalidation overtook is not cached: each invalidation bumps a
 *       generation, and a lookup's result is cached only if the generation it started in is
 *       still current ({@link #generation()}, {@link #put});</li>
 *   <li>unknown ids are remembered for a short while ({@code negativeTtlMillis}, at most
 *       {@code maxUnknown} of them), so that guessing ids costs no more than a wrong secret.</li>
 * </ul>
 */
public final class ApiKeyCache {

  private record Entry(ApiKey key, long cachedAt) {
  }

  private final ConcurrentHashMap<String, Entry> keys = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> unknown = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();
  private final AtomicBoolean listening = new AtomicBoolean();
  private final long ttlMillis;
  private final long negativeTtlMillis;
  private final int maxUnknown;
  private final LongSupplier clock;

  public ApiKeyCache(long ttlMillis, long negativeTtlMillis, int maxUnknown, LongSupplier clock) {
    this.ttlMillis = ttlMillis;
    this.negativeTtlMillis = negativeTtlMillis;
    this.maxUnknown = maxUnknown;
    this.clock = clock;
  }

  /** The cached key, or null when it must be looked up. */
  public ApiKey get(String id) {
    Entry entry = listening.get() ? keys.get(id) : null;
    return entry != null && clock.getAsLong() - entry.cachedAt() < ttlMillis ? entry.key() : null;
  }

  /** Whether the id was looked up lately and no such key existed. */
  public boolean knownUnknown(String id) {
    Long since = listening.get() ? unknown.get(id) : null;
    return since != null && clock.getAsLong() - since < negativeTtlMillis;
  }

  /** Taken before a lookup; hand it to {@link #put} or {@link #putUnknown} with its result. */
  public long generation() {
    return generation.get();
  }

  public void put(ApiKey key, long lookupGeneration) {
    keys.put(key.id(), new Entry(key, clock.getAsLong()));
    if (generation.get() != lookupGeneration) {
      keys.remove(key.id()); // an invalidation ran meanwhile: what the lookup read may be stale
    }
  }

  public void putUnknown(String id, long lookupGeneration) {
    if (unknown.size() >= maxUnknown) {
      long now = clock.getAsLong();
      unknown.values().removeIf(since -> now - since >= negativeTtlMillis);
    }
    if (unknown.size() < maxUnknown && generation.get() == lookupGeneration) {
      unknown.put(id, clock.getAsLong());
    }
  }

  public void invalidate(Collection<String> ids) {
    generation.incrementAndGet();
    ids.forEach(id -> {
      keys.remove(id);
      unknown.remove(id);
    });
  }

  /** The listener is connected (true) and hears every change from now on, or lost its connection. */
  void listening(boolean connected) {
    generation.incrementAndGet();
    keys.clear();
    unknown.clear();
    listening.set(connected);
  }
}
