package dev.connectors.http;

import dev.connectors.model.IndexView.Field;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A value as a field of the index view takes it, in a query or in a partial document: read as
 * Elasticsearch reads values for the field's type (a keyword takes numbers and booleans as their
 * text, a date takes ISO 8601, epoch milliseconds and, in queries, date math such as
 * {@code now-300s}), or refused with the failure the caller supplies.
 */
final class FieldValues {

  /** {@code now}, then {@code +N} or {@code -N} units, each optionally rounded ({@code /d}). */
  private static final Pattern DATE_MATH = Pattern.compile("([+-]\\d+|/)([smhdwMy])");

  private FieldValues() {
  }

  /** The value as its field's type: String, Boolean, Long or Instant; an object field's part as text. */
  static Object read(Field field, Object value, boolean dateMath, Supplier<ApiException> refused) {
    if (field == null) {
      return String.valueOf(value); // not in the mapping: matches nothing whatever it is
    }
    return switch (field.type()) {
      case KEYWORD, OBJECT -> keyword(value, refused);
      case BOOLEAN -> bool(value, refused);
      case LONG -> number(value, refused);
      case DATE -> date(value, dateMath, refused);
    };
  }

  static String keyword(Object value, Supplier<ApiException> refused) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    throw refused.get();
  }

  static Boolean bool(Object value, Supplier<ApiException> refused) {
    if (value instanceof Boolean b) {
      return b;
    }
    if ("true".equals(value)) {
      return true;
    }
    if ("false".equals(value) || "".equals(value)) {
      return false;
    }
    throw refused.get();
  }

  static Long number(Object value, Supplier<ApiException> refused) {
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    if (value instanceof Number n) {
      try {
        return new java.math.BigDecimal(n.toString()).longValueExact(); // whole and within a long, or refused
      } catch (ArithmeticException | NumberFormatException notALong) {
        throw refused.get();
      }
    }
    if (value instanceof String text) {
      try {
        return Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw refused.get();
      }
    }
    throw refused.get();
  }

  /** The dates PostgreSQL's timestamptz and the API's format both hold: years 1 to 9999. */
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  /**
   * {@code strict_date_optional_time||epoch_millis}, the format of these indices' dates, and date
   * math in queries; a date outside years 1 to 9999 is refused.
   */
  static Instant date(Object value, boolean dateMath, Supplier<ApiException> refused) {
    Instant date;
    try {
      date = anyDate(value, dateMath, refused);
    } catch (java.time.DateTimeException | ArithmeticException | NumberFormatException outOfRange) {
      throw refused.get();
    }
    if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
      throw refused.get();
    }
    return date;
  }

  private static Instant anyDate(Object value, boolean dateMath, Supplier<ApiException> refused) {
    if (value instanceof Integer || value instanceof Long) {
      return Instant.ofEpochMilli(((Number) value).longValue());
    }
    if (!(value instanceof String text)) {
      throw refused.get();
    }
    if (dateMath && text.startsWith("now")) {
      return dateMath(text.substring(3), refused);
    }
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException notWithZone) {
      try {
        return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notLocal) {
        try {
          return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
          if (text.matches("\\d{1,13}")) {
            return Instant.ofEpochMilli(Long.parseLong(text));
          }
          throw refused.get();
        }
      }
    }
  }

  private static Instant dateMath(String operations, Supplier<ApiException> refused) {
    OffsetDateTime time = OffsetDateTime.now(ZoneOffset.UTC);
    Matcher step = DATE_MATH.matcher(operations);
    int at = 0;
    while (at < operations.length()) {
      if (!step.find(at) || step.start() != at) {
        throw refused.get();
      }
      ChronoUnit unit = switch (step.group(2)) {
        case "s" -> ChronoUnit.SECONDS;
        case "m" -> ChronoUnit.MINUTES;
        case "h" -> ChronoUnit.HOURS;
        case "d" -> ChronoUnit.DAYS;
        case "w" -> ChronoUnit.WEEKS;
        case "M" -> ChronoUnit.MONTHS;
        default -> ChronoUnit.YEARS;
      };
      if (step.group(1).equals("/")) {
        time = roundedDown(time, unit);
      } else {
        time = time.plus(Long.parseLong(step.group(1)), unit);
      }
      at = step.end();
    }
    return time.toInstant();
  }

  private static OffsetDateTime roundedDown(OffsetDateTime time, ChronoUnit unit) {
    return switch (unit) {
      case WEEKS -> time.truncatedTo(ChronoUnit.DAYS).minusDays(time.getDayOfWeek().getValue() - 1L);
      case MONTHS -> time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
      case YEARS -> time.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
      default -> time.truncatedTo(unit);
    };
  }
}
