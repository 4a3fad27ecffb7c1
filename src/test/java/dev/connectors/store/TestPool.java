package dev.connectors.store;

import dev.connectors.config.AppConfig;
import dev.connectors.support.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Map;

/**
 * For tests of the store's parts without the service around them: a pool on this run's
 * migrated test database, connected as the store verticle connects.
 */
final class TestPool {

  private TestPool() {
  }

  static Pool open(Vertx vertx) {
    AppConfig config = AppConfig.fromEnv(Map.of("DATABASE_URL", TestDatabase.url().url()));
    DatabaseMigrator.migrate(config.database());
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(StoreVerticle.connectOptions(config)).using(vertx).build();
  }
}
