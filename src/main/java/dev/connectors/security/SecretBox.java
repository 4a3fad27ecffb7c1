package dev.connectors.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts connector secrets with AES-256-GCM (the JDK's) under the key of {@code SECRETS_KEY}:
 * a random 96-bit nonce per value, the secret's id as associated data. Only ciphertext reaches
 * the store; a value is decrypted on the way out, and a ciphertext that does not authenticate
 * (another key, another id, tampered) is refused, never returned.
 */
public final class SecretBox {

  /** A value as stored. */
  public record Sealed(byte[] nonce, byte[] ciphertext) {
  }

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  public SecretBox(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("an AES-256 key has 32 bytes");
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  public Sealed seal(String id, String value) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return new Sealed(nonce, run(Cipher.ENCRYPT_MODE, id, nonce, value.getBytes(StandardCharsets.UTF_8)));
  }

  /** The value, or an {@link IllegalStateException} when the ciphertext does not authenticate. */
  public String open(String id, Sealed sealed) {
    return new String(run(Cipher.DECRYPT_MODE, id, sealed.nonce(), sealed.ciphertext()), StandardCharsets.UTF_8);
  }

  private byte[] run(int mode, String id, byte[] nonce, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the secret cannot be decrypted with SECRETS_KEY", e);
    }
  }
}
