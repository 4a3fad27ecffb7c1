package dev.connectors.http;

/** Elasticsearch's paging rules for {@code from} and {@code size}. */
final class Paging {

  static final int DEFAULT_SIZE = 100;
  private static final int MAX_RESULT_WINDOW = 10_000;

  private Paging() {
  }

  static void check(int from, int size) {
    if (from < 0) {
      throw ApiException.illegalArgument("[from] parameter cannot be negative, found [" + from + "]");
    }
    if (size < 0) {
      throw ApiException.illegalArgument("[size] parameter cannot be negative, found [" + size + "]");
    }
    if ((long) from + size > MAX_RESULT_WINDOW) {
      throw ApiException.illegalArgument("The sum of parameters [from] and [size] cannot be higher than "
          + MAX_RESULT_WINDOW + ".");
    }
  }
}
