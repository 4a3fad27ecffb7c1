package dev.connectors.model;

import dev.connectors.security.SecretBox.Sealed;

/** The store commands of the connector secrets API; values travel only sealed. */
public final class SecretCommands {

  private SecretCommands() {
  }

  /** A new secret; PUT creates or replaces ({@code replace}), POST only creates. */
  public record StoreSecret(String id, Sealed sealed) implements StoreCommand<WriteResult> {
  }

  /** The sealed value, or NOT_FOUND. */
  public record GetSecret(String id) implements StoreCommand<Sealed> {
  }

  public record DeleteSecret(String id) implements StoreCommand<WriteResult> {
  }
}
