package dev.connectors.model;

import java.time.Instant;
import java.util.List;

/** The store commands for API keys and the bootstrap password. */
public final class SecurityCommands {

  private SecurityCommands() {
  }

  /** A stored API key: its secret only as a hash. */
  public record ApiKey(String id, String name, String secretHash, String creator, Privileges privileges,
      Instant createdAt, Instant expiration, boolean invalidated) {

    public boolean usableAt(Instant now) {
      return !invalidated && (expiration == null || expiration.isAfter(now));
    }
  }

  public record CreateApiKey(ApiKey key) implements StoreCommand<WriteResult> {
  }

  /** The key with this id, or a NOT_FOUND failure. */
  public record FindApiKey(String id) implements StoreCommand<ApiKey> {
  }

  public record ListApiKeys() implements StoreCommand<List<ApiKey>> {
  }

  public record InvalidateApiKeys(List<String> ids) implements StoreCommand<Invalidation> {
  }

  public record Invalidation(List<String> invalidated, List<String> previouslyInvalidated) {
  }

  /** Stores this hash of the generated password of {@code elastic} unless one is stored; answers the stored one. */
  public record AdminPasswordHash(String proposedHash) implements StoreCommand<String> {
  }
}
