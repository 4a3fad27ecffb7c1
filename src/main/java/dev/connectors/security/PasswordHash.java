package dev.connectors.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The stored form of a password: PBKDF2-HMAC-SHA256 from the JDK, 600,000 iterations (OWASP's
 * advice for this function), a 16-byte random salt, as
 * {@code pbkdf2_sha256$<iterations>$<salt>$<hash>}. A check costs a few hundred milliseconds of
 * CPU on purpose, so it runs on a worker thread, never on an event loop. A bare 64-digit hex
 * value is the plain SHA-256 that earlier versions stored; it is still checked, and replaced by
 * this form at the first successful login.
 */
public final class PasswordHash {

  private static final String SCHEME = "pbkdf2_sha256";
  static final int ITERATIONS = 600_000;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHash() {
  }

  /** Blocking: a new salted hash of {@code password}. */
  public static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return SCHEME + "$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
        + Base64.getEncoder().encodeToString(pbkdf2(password, salt, ITERATIONS));
  }

  /** Blocking: whether {@code password} matches the stored form, compared in constant time. */
  public static boolean matches(String password, String stored) {
    if (isLegacy(stored)) {
      return Secrets.matches(password, stored);
    }
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(SCHEME)) {
      return false;
    }
    byte[] expected = Base64.getDecoder().decode(parts[3]);
    byte[] actual = pbkdf2(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
    return MessageDigest.isEqual(expected, actual);
  }

  /** The plain SHA-256 of earlier versions, to be replaced. */
  public static boolean isLegacy(String stored) {
    return stored.length() == 64 && stored.chars().allMatch(c -> HexFormat.isHexDigit(c));
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS))
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fast fingerprint of a password for the in-memory cache of passwords already checked. */
  static byte[] fingerprint(String password, byte[] processSalt) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(processSalt);
      return digest.digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
