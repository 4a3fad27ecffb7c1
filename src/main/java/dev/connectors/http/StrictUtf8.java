package dev.connectors.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text must be well-formed UTF-8: no overlong forms, no encoded surrogates, no stray bytes.
 * The lenient decoders of the HTTP and JSON layers would otherwise rewrite such input into
 * something the client never sent (U+FFFD, or a different character) and store that.
 */
final class StrictUtf8 {

  private StrictUtf8() {
  }

  /** Whether {@code bytes} are well-formed UTF-8. */
  static boolean isValid(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** Whether a decoded string holds an unpaired surrogate (from a JSON {@code \ud800} escape, say). */
  static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return true;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Percent-decodes a raw path segment or query component, or returns null when it is not a
   * well-formed percent-encoding of UTF-8. The raw text holds one byte per character, as the
   * HTTP decoder read the request line.
   */
  static String percentDecoded(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int low = high < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
        if (low < 0) {
          return null;
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c > 0xFF) {
        return null;
      } else {
        bytes.write(c);
      }
    }
    byte[] decoded = bytes.toByteArray();
    return isValid(decoded) ? new String(decoded, StandardCharsets.UTF_8) : null;
  }
}
