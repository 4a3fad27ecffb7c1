package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.connectors.support.ServiceTest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code src/test/js/client-test.mjs}, which drives the service only through the official
 * Elasticsearch JavaScript client. Skipped, with the reason printed, where node or npm is missing.
 */
@DisplayName("The official Elasticsearch JavaScript client (@elastic/elasticsearch 9.4)")
class ElasticsearchJsClientTest extends ServiceTest {

  private static final File SCRIPTS = Path.of("src", "test", "js").toFile();

  @Test
  @DisplayName("creates a connector, sets and clears its error, reads, lists and deletes it")
  void jsClient() throws IOException, InterruptedException {
    boolean tools = answers("node", "--version") && answers("npm", "--version");
    if (!tools) {
      System.out.println("SKIPPED the JavaScript client test: node and npm are needed on the PATH");
    }
    assumeTrue(tools, "node and npm are needed on the PATH for the JavaScript client test");
    if (!Files.isDirectory(SCRIPTS.toPath().resolve("node_modules/@elastic/elasticsearch"))) {
      Result install = run(List.of("npm", "ci"), Map.of(), 300);
      assertThat(install.exitCode()).as("npm ci: %s", install.output()).isZero();
    }
    Result test = run(List.of("node", "client-test.mjs"), Map.of("SERVICE_URL", "http://127.0.0.1:" + port), 120);
    assertThat(test.exitCode()).as("node client-test.mjs: %s", test.output()).isZero();
    assertThat(test.output()).contains("js client checks: all 7 hold");
  }

  private record Result(int exitCode, String output) {
  }

  private static Result run(List<String> command, Map<String, String> env, int seconds)
      throws IOException, InterruptedException {
    var builder = new ProcessBuilder(command).directory(SCRIPTS).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out after " + seconds + " s");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private static boolean answers(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
