package dev.connectors.model;

import dev.connectors.security.Permission;
import java.time.Instant;
import java.util.List;

/** The store commands for API keys and the bootstrap password. */
public final class SecurityCommands {

  private SecurityCommands() {
  }

  /**
   * A stored API key: its secret only as a hash; {@code parentId} the key that created it (null
   * when a user did); {@code expiration} never later than its parent's.
   */
  public record ApiKey(String id, String name, String secretHash, String creator, Permission permission,
      Instant createdAt, Instant expiration, boolean invalidated, String parentId) {

    public boolean usableAt(Instant now) {
      return !invalidated && (expiration == null || expiration.isAfter(now));
    }
  }

  public record CreateApiKey(ApiKey key) implements StoreCommand<WriteResult> {
  }

  /** The key with this id, or a NOT_FOUND failure. */
  public record FindApiKey(String id) implements StoreCommand<ApiKey> {
  }

  /** Every key, or with {@code ownedBy}, the keys that key created, directly or through others. */
  public record ListApiKeys(String ownedBy) implements StoreCommand<List<ApiKey>> {
  }

  /**
   * Invalidates the keys and every key they created, directly or through others; with
   * {@code ownedBy}, only among that key and the keys it created (others are ignored, as
   * Elasticsearch ignores keys the caller does not own).
   */
  public record InvalidateApiKeys(List<String> ids, String ownedBy) implements StoreCommand<Invalidation> {
  }

  public record Invalidation(List<String> invalidated, List<String> previouslyInvalidated) {
  }

  /** Stores this hash of the generated password of {@code elastic} unless one is stored; answers the stored one. */
  public record AdminPasswordHash(String proposedHash) implements StoreCommand<String> {
  }

  /** Replaces the stored password hash {@code previous} (an older, weaker form) by {@code replacement}. */
  public record UpgradeAdminPasswordHash(String previous, String replacement) implements StoreCommand<WriteResult> {
  }
}
