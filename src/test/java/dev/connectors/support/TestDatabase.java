package dev.connectors.support;

import dev.connectors.config.DatabaseUrl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL the tests run against, found in this order: {@code TEST_DATABASE_URL}; else a
 * Testcontainers PostgreSQL where a Docker engine answers; else the local server on
 * 127.0.0.1:5432 as user {@code postgres}. The run works in a fresh database of its own, which
 * it creates first and drops when the JVM ends, so it never touches anyone's data.
 */
public final class TestDatabase {

  private static final String LOCAL = "postgresql://postgres@127.0.0.1:5432/postgres";
  private static DatabaseUrl database;

  private TestDatabase() {
  }

  /** The fresh database of this test run. */
  public static synchronized DatabaseUrl url() {
    if (database == null) {
      DatabaseUrl server = findServer();
      String name = "connector_service_test_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
      execute(server, "CREATE DATABASE " + name);
      database = server.withDatabase(name);
      System.out.println("tests use the fresh database " + database.redacted());
      Runtime.getRuntime().addShutdownHook(new Thread(() ->
          execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
    }
    return database;
  }

  /**
   * The URL of another database on the same server, not yet created (the service creates it),
   * dropped when the JVM ends: for tests of a first start on an empty database.
   */
  public static synchronized DatabaseUrl fresh(String purpose) {
    DatabaseUrl server = url().withDatabase("postgres");
    String name = url().database() + "_" + purpose;
    Runtime.getRuntime().addShutdownHook(new Thread(() ->
        execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")));
    return server.withDatabase(name);
  }

  /** One row of a query against the test database, column name to value; null when no row. */
  public static Map<String, Object> row(String sql, Object... args) {
    return rowIn(url(), sql, args);
  }

  /** The same against another database of the server (one of {@link #fresh}, say). */
  public static Map<String, Object> rowIn(DatabaseUrl database, String sql, Object... args) {
    try (Connection c = connect(database); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Map<String, Object> row = new HashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
        }
        return row;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs a statement against the test database, to set up a state no endpoint reaches directly. */
  public static int update(String sql, Object... args) {
    try (Connection c = connect(url()); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DatabaseUrl findServer() {
    String fromEnv = System.getenv("TEST_DATABASE_URL");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return DatabaseUrl.parse("TEST_DATABASE_URL", fromEnv).withDatabase("postgres");
    }
    if (dockerAnswers()) {
      var container = new PostgreSQLContainer("postgres:16-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return new DatabaseUrl(container.getUsername(), container.getPassword(), container.getHost(),
          container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT), "postgres");
    }
    DatabaseUrl local = DatabaseUrl.parse("local", LOCAL);
    try (Connection ignored = connect(local)) {
      return local;
    } catch (SQLException e) {
      throw new IllegalStateException("No PostgreSQL for the tests: set TEST_DATABASE_URL, start a "
          + "Docker engine, or start PostgreSQL on 127.0.0.1:5432 with user postgres "
          + "(pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)");
    }
  }

  private static boolean dockerAnswers() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * The plan PostgreSQL caches for {@code sql} once it gives up planning per execution: the
   * generic plan ({@code plan_cache_mode = force_generic_plan}), for {@code args}.
   */
  public static String genericPlan(DatabaseUrl database, String sql, io.vertx.sqlclient.Tuple args) {
    return genericPlan(database, sql, args, "");
  }

  /** The same, explained with {@code options} ({@code "(VERBOSE)"}: each node's output columns). */
  public static String genericPlan(DatabaseUrl database, String sql, io.vertx.sqlclient.Tuple args, String options) {
    List<String> literals = new java.util.ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      literals.add(literal(args.getValue(i)));
    }
    try (Connection c = connect(database); Statement s = c.createStatement()) {
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE generic AS " + sql);
      StringBuilder plan = new StringBuilder();
      try (ResultSet rs = s.executeQuery("EXPLAIN " + options + " EXECUTE generic(" + String.join(", ", literals) + ")")) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
      return plan.toString();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof String[] array) {
      return "ARRAY[" + String.join(", ", java.util.Arrays.stream(array).map(TestDatabase::literal).toList()) + "]::text[]";
    }
    if (value instanceof String text) {
      return "'" + text.replace("'", "''") + "'";
    }
    return value.toString();
  }

  /** Runs a statement (DDL, say) against any database of the server. */
  public static void execute(DatabaseUrl server, String sql) {
    try (Connection c = connect(server); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** A connection of the test's own (to hold a lock, say); the caller closes it. */
  public static Connection connection(DatabaseUrl url) throws SQLException {
    return connect(url);
  }

  private static Connection connect(DatabaseUrl url) throws SQLException {
    return DriverManager.getConnection(url.jdbcUrl(), url.jdbcProperties());
  }
}
