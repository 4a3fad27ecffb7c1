package dev.connectors.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Elasticsearch's rules for an index name, with its reasons. */
final class IndexNames {

  private static final String FILENAME_CHARS = "\\/*?\"<>| ,";
  private static final String FILENAME_CHARS_LISTED = "['\\\\','/','*','?','\"','<','>','|',' ',',']";
  private static final int MAX_BYTES = 255;

  private IndexNames() {
  }

  /** Fails with a validation error when {@code name} cannot name an index. */
  static void validate(String name) {
    String problem = problem(name);
    if (problem != null) {
      throw ApiException.validation("Invalid index name [" + name + "], " + problem);
    }
  }

  private static String problem(String name) {
    if (name.isEmpty()) {
      return "must not be empty";
    }
    for (int i = 0; i < name.length(); i++) {
      if (FILENAME_CHARS.indexOf(name.charAt(i)) >= 0) {
        return "must not contain the following characters " + FILENAME_CHARS_LISTED;
      }
    }
    if (name.contains("#")) {
      return "must not contain '#'";
    }
    if (name.contains(":")) {
      return "must not contain ':'";
    }
    char first = name.charAt(0);
    if (first == '_' || first == '-' || first == '+') {
      return "must not start with '_', '-', or '+'";
    }
    if (name.equals(".") || name.equals("..")) {
      return "must not be '.' or '..'";
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      return "index name is too long, (" + bytes + " > " + MAX_BYTES + ")";
    }
    if (!name.toLowerCase(Locale.ROOT).equals(name)) {
      return "must be lowercase";
    }
    return null;
  }
}
