package dev.connectors.security;

import dev.connectors.model.Privileges;

/** Who is calling: the user, the API key it authenticated with (null for a password), its privileges. */
public record Principal(String user, String apiKeyId, String apiKeyName, Privileges privileges) {

  public static final String ADMIN = "elastic";

  /** How a 403 names the caller: Elasticsearch names the key id and its user. */
  public String described() {
    return apiKeyId == null ? "user [" + user + "]" : "API key id [" + apiKeyId + "] of user [" + user + "]";
  }
}
