package dev.connectors.store;

import dev.connectors.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the database to the schema in {@code sql/} (packaged as {@code db/migration}) before
 * the service serves anything. Blocking JDBC, so it runs once at start-up on a worker thread,
 * never on an event loop and never on a request path.
 */
public final class DatabaseMigrator {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseMigrator.class);
  private static final String INVALID_CATALOG_NAME = "3D000";
  private static final String DUPLICATE_DATABASE = "42P04";
  /** Two instances creating the database at once: the loser sees the catalog's unique index. */
  private static final String UNIQUE_VIOLATION = "23505";
  /** Another CREATE DATABASE is copying the template right now: try again shortly. */
  private static final String TEMPLATE_IN_USE = "55006";
  private static final int CREATE_ATTEMPTS = 20;
  private static final long WAIT_MILLIS = 1_000;

  private DatabaseMigrator() {
  }

  public static void migrate(DatabaseUrl url) {
    createDatabaseIfMissing(url);
    var result = Flyway.configure()
        .dataSource(url.jdbcUrl(), url.user(), url.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
    LOG.info("database {} is at schema version {}", url.redacted(),
        result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion);
  }

  /**
   * Waits for PostgreSQL when it cannot be reached (not started yet, restarting, failing over),
   * with a log line every attempt for the first ones and then every ten; any other refusal (a
   * wrong password, say) fails at once.
   */
  private static void createDatabaseIfMissing(DatabaseUrl url) {
    for (int attempt = 1; ; attempt++) {
      try (Connection ignored = connect(url)) {
        return;
      } catch (SQLException e) {
        if (INVALID_CATALOG_NAME.equals(e.getSQLState())) {
          break;
        }
        if (!unreachable(e)) {
          throw new IllegalStateException("cannot connect to " + url.redacted() + ": " + e.getMessage(), e);
        }
        if (attempt <= 3 || attempt % 10 == 0) {
          LOG.warn("waiting for PostgreSQL at {}: {}", url.redacted(), e.getMessage());
        }
      }
      pause(WAIT_MILLIS);
    }
    for (int attempt = 1; ; attempt++) {
      try (Connection admin = connect(url.withDatabase("postgres"));
           Statement statement = admin.createStatement()) {
        statement.execute("CREATE DATABASE \"" + url.database().replace("\"", "\"\"") + "\"");
        LOG.info("created database {}", url.database());
        return;
      } catch (SQLException e) {
        String state = e.getSQLState();
        if (DUPLICATE_DATABASE.equals(state) || UNIQUE_VIOLATION.equals(state)) {
          return; // another instance created it first
        }
        if (!TEMPLATE_IN_USE.equals(state) || attempt == CREATE_ATTEMPTS) {
          throw new IllegalStateException("database " + url.database() + " does not exist and cannot be created: "
              + e.getMessage(), e);
        }
      }
      pause(100L * attempt);
    }
  }

  /**
   * Connection refused or broken, or a server starting, stopping or recovering. Not a refusal
   * to connect as asked (08004: TLS required but not offered, say), which waiting cannot mend.
   */
  private static boolean unreachable(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return (state.startsWith("08") && !state.equals("08004")) || state.startsWith("57P");
  }

  /** Start-up only, on a worker thread: waiting here blocks no event loop. */
  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Connection connect(DatabaseUrl url) throws SQLException {
    return DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
  }
}
