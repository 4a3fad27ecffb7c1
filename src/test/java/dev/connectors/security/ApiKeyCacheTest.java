package dev.connectors.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.model.SecurityCommands.ApiKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The cache's rules with a test clock; across instances they are exercised by {@link KeyRevocationTest}. */
@DisplayName("The API-key cache")
class ApiKeyCacheTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private ApiKeyCache cache;

  @BeforeEach
  void listening() {
    cache = new ApiKeyCache(30_000, 5_000, 3, now::get);
    cache.listening(true);
  }

  @Test
  @DisplayName("a lookup overtaken by an invalidation is not cached: the race cannot re-cache a stale key")
  void overtakenLookupIsNotCached() {
    long lookupStarted = cache.generation();
    cache.invalidate(List.of("k")); // lands while the lookup's answer is on its way
    cache.put(key("k"), lookupStarted);
    assertThat(cache.get("k")).isNull();

    cache.put(key("k"), cache.generation());
    assertThat(cache.get("k")).isNotNull();
  }

  @Test
  @DisplayName("entries expire after the configured time, a backstop to notifications")
  void entriesExpire() {
    cache.put(key("k"), cache.generation());
    now.addAndGet(29_999);
    assertThat(cache.get("k")).isNotNull();
    now.addAndGet(1);
    assertThat(cache.get("k")).isNull();
  }

  @Test
  @DisplayName("while the listener is disconnected nothing is served from the cache, and it starts empty when it is back")
  void disconnectedMeansUncached() {
    cache.put(key("k"), cache.generation());
    cache.listening(false);
    assertThat(cache.get("k")).isNull();
    cache.put(key("k"), cache.generation());
    assertThat(cache.get("k")).isNull();
    cache.listening(true);
    assertThat(cache.get("k")).isNull();
  }

  @Test
  @DisplayName("unknown ids are remembered briefly and in bounded number")
  void unknownIds() {
    for (String id : List.of("a", "b", "c", "d")) {
      cache.putUnknown(id, cache.generation());
    }
    assertThat(cache.knownUnknown("a")).isTrue();
    assertThat(cache.knownUnknown("d")).isFalse(); // over the bound of 3: not remembered, looked up again
    now.addAndGet(5_000);
    assertThat(cache.knownUnknown("a")).isFalse();
    cache.putUnknown("d", cache.generation()); // expired ones make room
    assertThat(cache.knownUnknown("d")).isTrue();
  }

  private static ApiKey key(String id) {
    return new ApiKey(id, "n", "h", "elastic", Permission.SUPERUSER, null, null, false, null);
  }
}
