package dev.connectors.security;

/** Whether requests must authenticate, and the SHA-256 of the password of the user {@code elastic}. */
public record SecuritySettings(boolean enabled, String adminPasswordHash) {

  public static final SecuritySettings DISABLED = new SecuritySettings(false, null);

  @Override
  public String toString() {
    return "SecuritySettings[enabled=" + enabled + "]";
  }
}
