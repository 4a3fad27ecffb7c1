package dev.connectors.security;

import dev.connectors.model.SecurityCommands.ApiKey;
import java.time.Instant;

/**
 * Who is calling: the user, the API key it authenticated with (null for a password) with its
 * name and expiration, and what it may do.
 */
public record Principal(String user, String apiKeyId, String apiKeyName, Instant expiration, Permission permission) {

  public static final String ADMIN = "elastic";
  public static final Principal SUPERUSER = new Principal(ADMIN, null, null, null, Permission.SUPERUSER);

  public static Principal of(ApiKey key) {
    return new Principal(key.creator(), key.id(), key.name(), key.expiration(), key.permission());
  }

  /** How a 403 names the caller: Elasticsearch names the key id and its user. */
  public String described() {
    return apiKeyId == null ? "user [" + user + "]" : "API key id [" + apiKeyId + "] of user [" + user + "]";
  }
}
