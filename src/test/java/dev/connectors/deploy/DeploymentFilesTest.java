package dev.connectors.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.config.AppConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * There is no Docker engine to run the image here, so this keeps the Dockerfile and the compose
 * file consistent with the service's real configuration: variable names, port, health path.
 */
@DisplayName("Dockerfile and docker-compose.yml match the service's configuration")
class DeploymentFilesTest {

  private static final String COMPOSE = read("docker-compose.yml");
  private static final String DOCKERFILE = read("Dockerfile");

  @Test
  @DisplayName("every variable the compose file sets is one the service reads, with a value it accepts")
  void composeEnvironment() {
    Map<String, String> env = new HashMap<>();
    Matcher service = Pattern.compile("(?s)connector-service:.*?environment:\\n(.*?)\\n    ports:").matcher(COMPOSE);
    assertThat(service.find()).isTrue();
    Matcher pair = Pattern.compile("^\\s+([A-Z_]+): \"?([^\"\\n]*)\"?$", Pattern.MULTILINE).matcher(service.group(1));
    while (pair.find()) {
      env.put(pair.group(1), pair.group(2));
    }
    assertThat(env).containsKeys("DATABASE_URL", "HTTP_PORT");
    String readme = read("README.md");
    env.keySet().forEach(name -> assertThat(readme).as("README documents " + name).contains("`" + name + "`"));
    AppConfig config = AppConfig.fromEnv(env);
    assertThat(COMPOSE).contains("\"" + config.httpPort() + ":" + config.httpPort() + "\"");
    assertThat(config.database().host()).isEqualTo("postgres");
  }

  @Test
  @DisplayName("the replicas profile: its environment is accepted, the load balancer checks readiness and answers errors as JSON")
  void replicasProfile() throws IOException {
    Matcher replica = Pattern.compile("(?s)connector-replica:.*?environment:\\n(.*?)\\n    deploy:").matcher(COMPOSE);
    assertThat(replica.find()).isTrue();
    Map<String, String> env = new HashMap<>();
    Matcher pair = Pattern.compile("^\\s+([A-Z_]+): \"?([^\"\\n]*)\"?$", Pattern.MULTILINE).matcher(replica.group(1));
    while (pair.find()) {
      env.put(pair.group(1), pair.group(2));
    }
    AppConfig config = AppConfig.fromEnv(env);
    assertThat(config.shutdownDrainMillis()).isPositive();
    String haproxy = read("deploy/haproxy.cfg");
    assertThat(haproxy).contains("option httpchk GET /_health/ready")
        .contains("connector-replica:" + config.httpPort());
    for (String code : new String[] {"502", "503", "504"}) {
      assertThat(haproxy).contains("errorfile " + code);
      String answer = read("deploy/errors/" + code + ".http");
      String[] parts = answer.split("\r\n\r\n", 2);
      assertThat(parts[0]).contains("Content-Type: application/json").contains("X-Elastic-Product: Elasticsearch")
          .contains("Content-Length: " + parts[1].getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      assertThat(new io.vertx.core.json.JsonObject(parts[1]).getJsonObject("error").getString("type"))
          .isEqualTo("unavailable_exception");
    }
  }

  @Test
  @DisplayName("the image exposes the default port, runs as a non-root user and checks the service's own endpoint")
  void dockerfile() {
    int port = AppConfig.fromEnv(Map.of()).httpPort();
    assertThat(DOCKERFILE).contains("EXPOSE " + port).contains("USER connectors").contains("HEALTHCHECK")
        .contains("/dev/tcp/127.0.0.1/" + port).contains("target/connector-service.jar");
    assertThat(COMPOSE).contains("/dev/tcp/127.0.0.1/" + port).contains("condition: service_healthy");
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
