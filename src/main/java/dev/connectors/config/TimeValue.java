package dev.connectors.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Elasticsearch's time values: a whole number and a unit, {@code 30d 12h 15m 10s 500ms 10micros 5nanos}. */
public final class TimeValue {

  private static final Pattern FORMAT = Pattern.compile("(\\d{1,18})(nanos|micros|ms|s|m|h|d)");

  private TimeValue() {
  }

  /** The duration, or an {@link IllegalArgumentException} saying what is wrong with the text. */
  public static Duration parse(String text) {
    Matcher m = FORMAT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(text.trim().startsWith("-") ? "negative durations are not supported"
          : "unit is missing or unrecognized");
    }
    long amount = Long.parseLong(m.group(1));
    try {
      return switch (m.group(2)) {
        case "d" -> Duration.ofDays(amount);
        case "h" -> Duration.ofHours(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "ms" -> Duration.ofMillis(amount);
        case "micros" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
        default -> Duration.ofNanos(amount);
      };
    } catch (ArithmeticException tooLong) {
      throw new IllegalArgumentException("the value is too large");
    }
  }
}
