package dev.connectors.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** {@code postgresql://user[:password]@host[:port]/database}, as {@code DATABASE_URL} gives it. */
public record DatabaseUrl(String user, String password, String host, int port, String database) {

  public static DatabaseUrl parse(String variable, String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw invalid(variable, value, "it is not a URL");
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw invalid(variable, value, "the scheme must be postgresql://");
    }
    if (uri.getHost() == null) {
      throw invalid(variable, value, "it names no host");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String database = decode(path.startsWith("/") ? path.substring(1) : path);
    if (database.isEmpty() || database.contains("/")) {
      throw invalid(variable, value, "it names no database");
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null || userInfo.isEmpty()) {
      throw invalid(variable, value, "it names no user");
    }
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    return new DatabaseUrl(user, password, uri.getHost(), port, database);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** JDBC connection properties (used at start-up only, by the migrations). */
  public Properties jdbcProperties() {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", "10");
    return props;
  }

  public DatabaseUrl withDatabase(String other) {
    return new DatabaseUrl(user, password, host, port, other);
  }

  /** The URL itself, password included, as {@code DATABASE_URL} takes it. */
  public String url() {
    String credentials = encode(user) + (password == null ? "" : ":" + encode(password));
    return "postgresql://" + credentials + "@" + host + ":" + port + "/" + encode(database);
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The URL with the password masked, fit for logs. */
  public String redacted() {
    return "postgresql://" + user + (password == null ? "" : ":****") + "@" + host + ":" + port
        + "/" + database;
  }

  @Override
  public String toString() {
    return redacted();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static ConfigException invalid(String variable, String value, String why) {
    String shown = value.replaceAll("://([^:@/]*):[^@/]*@", "://$1:****@");
    return new ConfigException(variable + " must look like postgresql://user[:password]@host[:port]/db, "
        + why + ": [" + shown + "]");
  }
}
