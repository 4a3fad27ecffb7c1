package dev.connectors.store;

import dev.connectors.model.SecretCommands.DeleteSecret;
import dev.connectors.model.SecretCommands.GetSecret;
import dev.connectors.model.SecretCommands.StoreSecret;
import dev.connectors.model.WriteResult;
import dev.connectors.security.SecretBox.Sealed;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;

/** The connector secrets commands; values arrive and leave sealed (see {@code SecretBox}). */
final class SecretStore {

  private final Statements statements;

  SecretStore(Statements statements) {
    this.statements = statements;
  }

  List<MessageConsumer<?>> register(CommandHandlers handlers) {
    return List.of(
        handlers.serve(StoreSecret.class, this::storeSecret),
        handlers.serve(GetSecret.class, this::getSecret),
        handlers.serve(DeleteSecret.class, this::deleteSecret));
  }

  private Future<WriteResult> storeSecret(StoreSecret c, long deadline) {
    Tuple args = Tuple.of(c.id(), Buffer.buffer(c.sealed().nonce()), Buffer.buffer(c.sealed().ciphertext()));
    return statements.run(SqlQueries.STORE_SECRET, args, deadline)
        .map(rows -> Rows.firstRow(rows).getBoolean("inserted") ? WriteResult.CREATED : WriteResult.UPDATED);
  }

  private Future<Sealed> getSecret(GetSecret c, long deadline) {
    return statements.run(SqlQueries.GET_SECRET, Tuple.of(c.id()), deadline).map(rows -> {
      if (rows.rowCount() == 0) {
        throw StoreException.secretNotFound(c.id());
      }
      Row row = Rows.firstRow(rows);
      return new Sealed(row.getBuffer("nonce").getBytes(), row.getBuffer("ciphertext").getBytes());
    });
  }

  private Future<WriteResult> deleteSecret(DeleteSecret c, long deadline) {
    return statements.run(SqlQueries.DELETE_SECRET, Tuple.of(c.id()), deadline).map(rows -> {
      if (rows.rowCount() == 0) {
        throw StoreException.secretNotFound(c.id());
      }
      return WriteResult.DELETED;
    });
  }
}
