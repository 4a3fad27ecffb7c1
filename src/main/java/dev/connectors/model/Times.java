package dev.connectors.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/**
 * The one format of every time the API writes, Elasticsearch's: UTC, milliseconds always
 * written, and finer digits kept when the time has them ({@code 2023-05-25T12:30:00.000Z},
 * {@code 2023-12-04T08:45:50.567149Z}).
 */
public final class Times {

  private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
      .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
      .appendFraction(ChronoField.NANO_OF_SECOND, 3, 9, true)
      .appendLiteral('Z')
      .toFormatter()
      .withZone(ZoneOffset.UTC);

  private Times() {
  }

  public static String format(Instant instant) {
    return FORMAT.format(instant);
  }
}
