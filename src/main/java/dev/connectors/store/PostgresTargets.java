package dev.connectors.store;

import dev.connectors.config.AppConfig;
import dev.connectors.config.DatabaseUrl;
import dev.connectors.config.DatabaseUrl.Host;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.SqlClient;
import io.vertx.pgclient.SslMode;
import java.net.ConnectException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the service connects: the hosts of {@code DATABASE_URL}, chosen as libpq chooses them.
 * Every new connection goes to the first host, in the URL's order starting from the one that
 * served last, that accepts a connection and, with {@code target_session_attrs=read-write},
 * takes writes ({@code SHOW transaction_read_only} is {@code off}, as libpq checks it). So after
 * a failover, connections the pool opens anew go to the new primary.
 */
public final class PostgresTargets {

  /** An unreachable database must turn into a prompt 503, not a hanging request (unless the URL says otherwise). */
  private static final int CONNECT_TIMEOUT_MILLIS = 1000;

  private final Vertx vertx;
  private final DatabaseUrl url;
  private final List<PgConnectOptions> candidates;
  private volatile int lastGood;

  public PostgresTargets(Vertx vertx, AppConfig config) {
    this.vertx = vertx;
    this.url = config.database();
    this.candidates = url.hosts().stream().map(host -> options(url, host)).toList();
  }

  /** A single host that needs no check: the pool connects there directly. */
  public boolean direct() {
    return candidates.size() == 1 && url.targetSessionAttrs().equals("any");
  }

  /** The options of the first host, for a direct connection. */
  public PgConnectOptions first() {
    return candidates.get(0);
  }

  /** For the pool: the options of the host a new connection should go to, found anew each time. */
  public Supplier<Future<PgConnectOptions>> chooser() {
    return () -> direct() ? Future.succeededFuture(first()) : choose(lastGood, 0, null);
  }

  public int connectTimeoutMillis() {
    return url.connectTimeoutMillis(CONNECT_TIMEOUT_MILLIS);
  }

  private Future<PgConnectOptions> choose(int start, int tried, Throwable lastFailure) {
    if (tried == candidates.size()) {
      return Future.failedFuture(new ConnectException("no host of DATABASE_URL " + url.hosts()
          + (url.targetSessionAttrs().equals("read-write") ? " accepts writes" : " accepts connections")
          + (lastFailure == null ? "" : ": " + lastFailure.getMessage())));
    }
    int index = (start + tried) % candidates.size();
    PgConnectOptions options = candidates.get(index);
    SqlClient probe = PgBuilder.client()
        .with(new NetClientOptions().setConnectTimeout(connectTimeoutMillis()))
        .connectingTo(options)
        .using(vertx)
        .build();
    return acceptable(probe).eventually(() -> probe.close().recover(ignored -> Future.succeededFuture()))
        .transform(checked -> {
          if (checked.succeeded() && checked.result()) {
            lastGood = index;
            return Future.succeededFuture(options);
          }
          return choose(start, tried + 1, checked.failed() ? checked.cause()
              : new IllegalStateException(url.hosts().get(index) + " is read-only"));
        });
  }

  private Future<Boolean> acceptable(SqlClient probe) {
    if (url.targetSessionAttrs().equals("any")) {
      return probe.query("SELECT 1").execute().map(true);
    }
    return probe.query("SHOW transaction_read_only").execute()
        .map(rows -> "off".equals(rows.iterator().next().getString(0)));
  }

  /** The connection options for one host: credentials, database, TLS as {@code sslmode} asks. */
  static PgConnectOptions options(DatabaseUrl url, Host host) {
    var options = new PgConnectOptions()
        .setHost(host.name())
        .setPort(host.port())
        .setDatabase(url.database())
        .setUser(url.user())
        .setCachePreparedStatements(true)
        .addProperty("application_name", "connector-service");
    if (url.password() != null) {
      options.setPassword(url.password());
    }
    var ssl = new ClientSSLOptions();
    switch (url.sslMode()) {
      case "disable" -> options.setSslMode(SslMode.DISABLE);
      // as libpq: encryption without checking who answers, unless a root certificate is given
      case "allow", "prefer", "require" -> {
        options.setSslMode(SslMode.valueOf(url.sslMode().toUpperCase(java.util.Locale.ROOT)));
        if (url.sslRootCert() == null) {
          ssl.setTrustAll(true);
        } else {
          ssl.setTrustOptions(new PemTrustOptions().addCertPath(url.sslRootCert()));
        }
      }
      case "verify-ca" -> {
        options.setSslMode(SslMode.VERIFY_CA);
        ssl.setTrustOptions(new PemTrustOptions().addCertPath(url.sslRootCert())).setHostnameVerificationAlgorithm("");
      }
      default -> {
        options.setSslMode(SslMode.VERIFY_FULL);
        ssl.setTrustOptions(new PemTrustOptions().addCertPath(url.sslRootCert())).setHostnameVerificationAlgorithm("HTTPS");
      }
    }
    return options.setSslOptions(ssl);
  }
}
