package dev.connectors.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed password logins per client address and per user name in fixed windows; past
 * {@code limit} failures in a window, attempts that would cost a password check are refused
 * (429 with {@code Retry-After}) until the window ends. A password already checked (cached)
 * still passes, and API keys are never refused here, so an attacker sharing a client's address
 * cannot lock a fleet out.
 * Shared by an instance's HTTP verticles; bounded in memory.
 */
public final class AuthThrottle {

  private record Window(long start, int failures) {
  }

  private static final int MAX_TRACKED = 100_000;

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private final int limit;
  private final long windowMillis;
  private final LongSupplier clock;

  public AuthThrottle(int limit, long windowMillis, LongSupplier clock) {
    this.limit = limit;
    this.windowMillis = windowMillis;
    this.clock = clock;
  }

  /** Milliseconds until {@code who} may try again; 0 when it may now. */
  public long retryAfterMillis(String who) {
    Window window = windows.get(who);
    long now = clock.getAsLong();
    if (window == null || now - window.start() >= windowMillis || window.failures() < limit) {
      return 0;
    }
    return window.start() + windowMillis - now;
  }

  public void failed(String who) {
    long now = clock.getAsLong();
    if (windows.size() >= MAX_TRACKED) {
      windows.values().removeIf(window -> now - window.start() >= windowMillis);
    }
    windows.compute(who, (key, window) -> window == null || now - window.start() >= windowMillis
        ? new Window(now, 1) : new Window(window.start(), window.failures() + 1));
  }
}
