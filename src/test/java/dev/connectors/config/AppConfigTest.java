package dev.connectors.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Configuration from the environment")
class AppConfigTest {

  @Test
  @DisplayName("without variables: port 8080 on 0.0.0.0, database postgres@localhost:5432/connectors")
  void defaults() {
    AppConfig config = AppConfig.fromEnv(Map.of());
    assertThat(config.httpHost()).isEqualTo("0.0.0.0");
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.dbPoolSize()).isEqualTo(16);
    assertThat(config.database()).isEqualTo(new DatabaseUrl("postgres", null, "localhost", 5432, "connectors"));
  }

  @Test
  @DisplayName("DATABASE_URL gives user, password, host, port and database; logs show the password masked")
  void databaseUrl() {
    AppConfig config = AppConfig.fromEnv(Map.of("DATABASE_URL", "postgresql://svc:s%40cret@db.internal:6543/fleet"));
    assertThat(config.database()).isEqualTo(new DatabaseUrl("svc", "s@cret", "db.internal", 6543, "fleet"));
    assertThat(config.database().redacted()).isEqualTo("postgresql://svc:****@db.internal:6543/fleet");
    assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/fleet?targetServerType=any&sslmode=prefer");
  }

  @Test
  @DisplayName("DATABASE_URL takes libpq's forms for high availability: several hosts, target_session_attrs, sslmode, connect_timeout")
  void highAvailabilityUrl() {
    var url = AppConfig.fromEnv(Map.of("DATABASE_URL", "postgresql://svc:pw@pg-a:5433,pg-b,[::1]:5434/fleet"
        + "?target_session_attrs=read-write&sslmode=require&connect_timeout=3")).database();
    assertThat(url.hosts()).containsExactly(new DatabaseUrl.Host("pg-a", 5433), new DatabaseUrl.Host("pg-b", 5432),
        new DatabaseUrl.Host("::1", 5434));
    assertThat(url.targetSessionAttrs()).isEqualTo("read-write");
    assertThat(url.sslMode()).isEqualTo("require");
    assertThat(url.connectTimeoutMillis(1000)).isEqualTo(3000);
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://pg-a:5433,pg-b:5432,[::1]:5434/fleet"
        + "?targetServerType=primary&sslmode=require");
    assertThat(url.redacted()).isEqualTo("postgresql://svc:****@pg-a:5433,pg-b:5432,[::1]:5434/fleet"
        + "?connect_timeout=3&sslmode=require&target_session_attrs=read-write");
    assertThat(DatabaseUrl.parse("DATABASE_URL", url.url())).isEqualTo(url);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "postgresql://u@h/db?target_session_attrs=standby | target_session_attrs must be one of any, read-write",
      "postgresql://u@h/db?sslmode=maybe | sslmode must be one of",
      "postgresql://u@h/db?sslmode=verify-full | sslmode=verify-full needs sslrootcert",
      "postgresql://u@h/db?sslrootcert=/no/such/file.pem | sslrootcert must name a readable PEM file",
      "postgresql://u@h/db?connect_timeout=soon | connect_timeout must be a whole number",
      "postgresql://u@h/db?application=x | the parameter [application] is not supported",
      "postgresql://u@h:99999/db | the port [99999] of host [h] is not a port number",
      "postgresql://u@h,/db | it names no host"})
  @DisplayName("a DATABASE_URL parameter it cannot honour is refused at start-up with one line saying why")
  void unsupportedUrlParameters(String value, String reason) {
    assertThatThrownBy(() -> AppConfig.fromEnv(Map.of("DATABASE_URL", value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("DATABASE_URL must").hasMessageContaining(reason);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
      "HTTP_PORT, abc",
      "HTTP_PORT, 70000",
      "DB_POOL_SIZE, 0",
      "EVENT_LOOPS, -1",
      "DATABASE_URL, mysql://root@localhost/db",
      "DATABASE_URL, postgresql://localhost/db",
      "DATABASE_URL, postgresql://u@localhost/",
      "HTTP_HOST, ' '",
      "METRICS_DISABLED, BOGUS"})
  @DisplayName("a bad value is refused with a message that names the variable")
  void badValues(String variable, String value) {
    assertThatThrownBy(() -> AppConfig.fromEnv(Map.of(variable, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(variable + " must");
  }

  @Test
  @DisplayName("a refused DATABASE_URL never shows its password")
  void badUrlHidesPassword() {
    assertThatThrownBy(() -> AppConfig.fromEnv(Map.of("DATABASE_URL", "mysql://root:hunter2@localhost/db")))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  @DisplayName("the service exits with status 2 and one line on stderr naming the bad variable")
  void mainStopsOnBadValue() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.connectors.Main")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    process.environment().put("HTTP_PORT", "eighty");
    Process started = process.start();
    assertThat(started.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String stderr = new String(started.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(started.exitValue()).isEqualTo(2);
    assertThat(stderr.strip().lines()).containsExactly(
        "connector-service: HTTP_PORT must be a whole number from 0 to 65535: [eighty]");
  }

  @Test
  @DisplayName("ELASTICSEARCH_UPSTREAM_URL: the content plane's Elasticsearch, its credential from the API key or the URL's user, never shown")
  void upstream() {
    assertThat(AppConfig.fromEnv(Map.of()).upstream()).isNull();
    UpstreamConfig basic = AppConfig.fromEnv(Map.of("ELASTICSEARCH_UPSTREAM_URL", "https://svc:p%40ss@es.example/prefix/")).upstream();
    assertThat(basic.port()).isEqualTo(443);
    assertThat(basic.pathPrefix()).isEqualTo("/prefix");
    assertThat(basic.authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder()
        .encodeToString("svc:p@ss".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(basic.toString()).doesNotContain("p@ss").doesNotContain("svc");
    assertThat(basic.maxBulkBytes()).isEqualTo(100 * 1024 * 1024);
    UpstreamConfig keyed = AppConfig.fromEnv(Map.of("ELASTICSEARCH_UPSTREAM_URL", "http://es:9200",
        "ELASTICSEARCH_UPSTREAM_API_KEY", "a2V5", "UPSTREAM_BULK_MAX_BYTES", "2048")).upstream();
    assertThat(keyed.port()).isEqualTo(9200);
    assertThat(keyed.pathPrefix()).isEmpty();
    assertThat(keyed.authorization()).isEqualTo("ApiKey a2V5");
    assertThat(keyed.maxBulkBytes()).isEqualTo(2048);
    assertThat(AppConfig.fromEnv(Map.of("ELASTICSEARCH_UPSTREAM_URL", "http://plain")).upstream().port()).isEqualTo(80);
    assertThat(AppConfig.fromEnv(Map.of("ELASTICSEARCH_UPSTREAM_URL", "http://plain")).upstream().authorization()).isNull();
    for (String bad : List.of("ftp://es:21", "not a url", "es.example:9200")) {
      assertThatThrownBy(() -> AppConfig.fromEnv(Map.of("ELASTICSEARCH_UPSTREAM_URL", bad)))
          .isInstanceOf(ConfigException.class).hasMessageContaining("ELASTICSEARCH_UPSTREAM_URL");
    }
  }
}
