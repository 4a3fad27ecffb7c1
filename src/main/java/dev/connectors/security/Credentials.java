package dev.connectors.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What an {@code Authorization} header claims: a user and password, or an API key. */
public sealed interface Credentials {

  record Basic(String user, String password) implements Credentials {
  }

  record ApiKey(String id, String secret) implements Credentials {
  }

  /**
   * Whether an id could name a stored key (20 URL-safe characters when this service made it; up
   * to 64 allowed): anything else is refused without a lookup, as an unknown key.
   */
  static boolean plausibleKeyId(String id) {
    return !id.isEmpty() && id.length() <= 64 && id.chars().allMatch(c -> (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
  }

  /** The credentials in the header, or null when it is absent or not understood. */
  static Credentials parse(String header) {
    if (header == null) {
      return null;
    }
    int space = header.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String scheme = header.substring(0, space);
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(space + 1).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return null;
    }
    String left = decoded.substring(0, colon);
    String right = decoded.substring(colon + 1);
    if (scheme.equalsIgnoreCase("Basic")) {
      return new Basic(left, right);
    }
    return scheme.equalsIgnoreCase("ApiKey") ? new ApiKey(left, right) : null;
  }
}
