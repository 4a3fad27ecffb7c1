package dev.connectors.config;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code DATABASE_URL} in libpq's URI form, with what a highly available PostgreSQL needs:
 * {@code postgresql://user[:password]@host1[:port1][,host2[:port2]...]/db[?param=value&...]}
 * with the parameters {@code target_session_attrs} ({@code any}, {@code read-write}),
 * {@code sslmode} ({@code disable}, {@code allow}, {@code prefer}, {@code require},
 * {@code verify-ca}, {@code verify-full}), {@code sslrootcert} (a PEM file) and
 * {@code connect_timeout} (seconds). Anything else is refused with a one-line reason.
 */
public record DatabaseUrl(String user, String password, List<Host> hosts, String database, Map<String, String> params) {

  /** One {@code host:port} of the list. */
  public record Host(String name, int port) {
    @Override
    public String toString() {
      return (name.contains(":") ? "[" + name + "]" : name) + ":" + port;
    }
  }

  private static final Set<String> PARAMETERS = Set.of("target_session_attrs", "sslmode", "sslrootcert", "connect_timeout");
  private static final Set<String> SESSION_ATTRS = Set.of("any", "read-write");
  private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  public DatabaseUrl {
    hosts = List.copyOf(hosts);
    params = Map.copyOf(params);
  }

  /** A single-host URL without parameters. */
  public DatabaseUrl(String user, String password, String host, int port, String database) {
    this(user, password, List.of(new Host(host, port)), database, Map.of());
  }

  public static DatabaseUrl parse(String variable, String value) {
    String rest;
    if (value.startsWith("postgresql://")) {
      rest = value.substring("postgresql://".length());
    } else if (value.startsWith("postgres://")) {
      rest = value.substring("postgres://".length());
    } else {
      throw invalid(variable, value, "the scheme must be postgresql://");
    }
    Map<String, String> params = new LinkedHashMap<>();
    int question = rest.indexOf('?');
    if (question >= 0) {
      for (String pair : rest.substring(question + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        String[] kv = pair.split("=", 2);
        String name = decode(kv[0]);
        if (!PARAMETERS.contains(name)) {
          throw invalid(variable, value, "the parameter [" + name + "] is not supported (supported: "
              + PARAMETERS.stream().sorted().collect(Collectors.joining(", ")) + ")");
        }
        params.put(name, kv.length == 2 ? decode(kv[1]) : "");
      }
      rest = rest.substring(0, question);
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String database = slash < 0 ? "" : decode(rest.substring(slash + 1));
    if (database.isEmpty() || database.contains("/")) {
      throw invalid(variable, value, "it names no database");
    }
    int at = authority.lastIndexOf('@');
    if (at <= 0) {
      throw invalid(variable, value, "it names no user");
    }
    String userInfo = authority.substring(0, at);
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    List<Host> hosts = new ArrayList<>();
    for (String entry : authority.substring(at + 1).split(",", -1)) {
      hosts.add(host(variable, value, entry));
    }
    var url = new DatabaseUrl(user, password, hosts, database, params);
    url.check(variable, value);
    return url;
  }

  private static Host host(String variable, String value, String entry) {
    String name = entry;
    String port = null;
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      if (close < 0) {
        throw invalid(variable, value, "a host [" + entry + "] is not well-formed");
      }
      name = entry.substring(1, close);
      port = entry.length() > close + 1 && entry.charAt(close + 1) == ':' ? entry.substring(close + 2) : null;
    } else if (entry.contains(":")) {
      name = entry.substring(0, entry.indexOf(':'));
      port = entry.substring(entry.indexOf(':') + 1);
    }
    if (name.isEmpty()) {
      throw invalid(variable, value, "it names no host");
    }
    try {
      int number = port == null ? 5432 : Integer.parseInt(port);
      if (number < 1 || number > 65535) {
        throw new NumberFormatException();
      }
      return new Host(name, number);
    } catch (NumberFormatException e) {
      throw invalid(variable, value, "the port [" + port + "] of host [" + name + "] is not a port number");
    }
  }

  private void check(String variable, String value) {
    if (!SESSION_ATTRS.contains(targetSessionAttrs())) {
      throw invalid(variable, value, "target_session_attrs must be one of any, read-write");
    }
    if (!SSL_MODES.contains(sslMode())) {
      throw invalid(variable, value, "sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full");
    }
    if (sslRootCert() != null && !Files.isReadable(Path.of(sslRootCert()))) {
      throw invalid(variable, value, "sslrootcert must name a readable PEM file");
    }
    if (sslMode().startsWith("verify-") && sslRootCert() == null) {
      throw invalid(variable, value, "sslmode=" + sslMode() + " needs sslrootcert, the CA that signed the server's certificate");
    }
    String timeout = params.get("connect_timeout");
    if (timeout != null && !timeout.matches("[1-9][0-9]{0,3}")) {
      throw invalid(variable, value, "connect_timeout must be a whole number of seconds from 1 to 9999");
    }
  }

  /** The first host: where a single-host URL connects. */
  public String host() {
    return hosts.get(0).name();
  }

  public int port() {
    return hosts.get(0).port();
  }

  /** {@code any} (libpq's default) or {@code read-write}: only a primary that takes writes. */
  public String targetSessionAttrs() {
    return params.getOrDefault("target_session_attrs", "any");
  }

  /** libpq's {@code sslmode}; {@code prefer} (libpq's default) when not given. */
  public String sslMode() {
    return params.getOrDefault("sslmode", "prefer");
  }

  public String sslRootCert() {
    return params.get("sslrootcert");
  }

  /** {@code connect_timeout} in milliseconds, or {@code fallback} when not given. */
  public int connectTimeoutMillis(int fallback) {
    String timeout = params.get("connect_timeout");
    return timeout == null ? fallback : Integer.parseInt(timeout) * 1000;
  }

  public String jdbcUrl() {
    StringBuilder url = new StringBuilder("jdbc:postgresql://")
        .append(hosts.stream().map(Host::toString).collect(Collectors.joining(",")))
        .append('/').append(encode(database))
        .append("?targetServerType=").append(targetSessionAttrs().equals("read-write") ? "primary" : "any")
        .append("&sslmode=").append(sslMode());
    if (sslRootCert() != null) {
      url.append("&sslrootcert=").append(encode(sslRootCert()));
    }
    return url.toString();
  }

  /** JDBC connection properties (used at start-up only, by the migrations). */
  public Properties jdbcProperties() {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", String.valueOf(connectTimeoutMillis(10_000) / 1000));
    return props;
  }

  public DatabaseUrl withDatabase(String other) {
    return new DatabaseUrl(user, password, hosts, other, params);
  }

  /** The URL itself, password included, as {@code DATABASE_URL} takes it. */
  public String url() {
    return "postgresql://" + credentials(password == null ? null : encode(password)) + "/" + encode(database) + query();
  }

  /** The URL with the password masked, fit for logs. */
  public String redacted() {
    return "postgresql://" + credentials(password == null ? null : "****") + "/" + database + query();
  }

  private String credentials(String shownPassword) {
    return encode(user) + (shownPassword == null ? "" : ":" + shownPassword) + "@"
        + hosts.stream().map(Host::toString).collect(Collectors.joining(","));
  }

  private String query() {
    return params.isEmpty() ? "" : "?" + params.entrySet().stream()
        .map(e -> e.getKey() + "=" + encode(e.getValue())).sorted().collect(Collectors.joining("&"));
  }

  @Override
  public String toString() {
    return redacted();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static ConfigException invalid(String variable, String value, String why) {
    String shown = value.replaceAll("://([^:@/]*):[^@/]*@", "://$1:****@");
    return new ConfigException(variable + " must look like postgresql://user[:password]@host[:port][,host[:port]...]/db"
        + "[?target_session_attrs=&sslmode=&sslrootcert=&connect_timeout=], " + why + ": [" + shown + "]");
  }
}
