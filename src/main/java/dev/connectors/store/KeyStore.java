package dev.connectors.store;

import dev.connectors.model.SecurityCommands.AdminPasswordHash;
import dev.connectors.model.SecurityCommands.ApiKey;
import dev.connectors.model.SecurityCommands.CreateApiKey;
import dev.connectors.model.SecurityCommands.FindApiKey;
import dev.connectors.model.SecurityCommands.Invalidation;
import dev.connectors.model.SecurityCommands.InvalidateApiKeys;
import dev.connectors.model.SecurityCommands.ListApiKeys;
import dev.connectors.model.SecurityCommands.UpgradeAdminPasswordHash;
import dev.connectors.model.WriteResult;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The security commands: API keys (create, find, list, invalidate) and the password of elastic. */
final class KeyStore {

  private final Statements statements;

  KeyStore(Statements statements) {
    this.statements = statements;
  }

  List<MessageConsumer<?>> register(CommandHandlers handlers) {
    return List.of(
        handlers.serve(CreateApiKey.class, this::createApiKey),
        handlers.serve(FindApiKey.class, this::findApiKey),
        handlers.serve(ListApiKeys.class, this::listApiKeys),
        handlers.serve(InvalidateApiKeys.class, this::invalidateApiKeys),
        handlers.serve(AdminPasswordHash.class, this::adminPasswordHash),
        handlers.serve(UpgradeAdminPasswordHash.class, this::upgradeAdminPasswordHash));
  }

  private Future<WriteResult> createApiKey(CreateApiKey c, long deadline) {
    var key = c.key();
    Tuple args = Tuple.of(key.id(), key.name(), key.secretHash(), key.creator(), key.permission().toJson(),
        key.expiration() == null ? null : key.expiration().atOffset(ZoneOffset.UTC), key.parentId());
    return statements.run(SqlQueries.CREATE_API_KEY, args, deadline).map(rows -> WriteResult.CREATED);
  }

  private Future<ApiKey> findApiKey(FindApiKey c, long deadline) {
    return statements.run(SqlQueries.FIND_API_KEY, Tuple.of(c.id()), deadline).map(rows -> {
      if (rows.rowCount() == 0) {
        throw new StoreException(StoreError.NOT_FOUND, "api key [" + c.id() + "] not found");
      }
      return Rows.toApiKey(Rows.firstRow(rows));
    });
  }

  private Future<List<ApiKey>> listApiKeys(ListApiKeys c, long deadline) {
    return statements.run(SqlQueries.LIST_API_KEYS, Tuple.of(c.ownedBy()), deadline).map(rows -> {
      List<ApiKey> keys = new ArrayList<>();
      rows.forEach(row -> keys.add(Rows.toApiKey(row)));
      return keys;
    });
  }

  private Future<Invalidation> invalidateApiKeys(InvalidateApiKeys c, long deadline) {
    return statements.run(SqlQueries.INVALIDATE_API_KEYS, Tuple.of(c.ids().toArray(String[]::new), c.ownedBy()), deadline)
        .map(rows -> {
          List<String> invalidated = new ArrayList<>();
          List<String> previously = new ArrayList<>();
          rows.forEach(row -> (row.getBoolean("previously") ? previously : invalidated).add(row.getString("id")));
          return new Invalidation(invalidated, previously);
        });
  }

  private Future<String> adminPasswordHash(AdminPasswordHash c, long deadline) {
    return statements.run(SqlQueries.ADMIN_PASSWORD_HASH, Tuple.of(c.proposedHash()), deadline)
        .map(rows -> Rows.firstRow(rows).getString("value"));
  }

  private Future<WriteResult> upgradeAdminPasswordHash(UpgradeAdminPasswordHash c, long deadline) {
    return statements.run(SqlQueries.UPGRADE_ADMIN_PASSWORD_HASH, Tuple.of(c.previous(), c.replacement()), deadline)
        .map(rows -> rows.rowCount() == 0 ? WriteResult.NOOP : WriteResult.UPDATED);
  }
}
