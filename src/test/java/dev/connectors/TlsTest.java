package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.connectors.config.AppConfig;
import dev.connectors.config.ConfigException;
import dev.connectors.support.ServiceTest;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("HTTPS with HTTP_TLS_CERT and HTTP_TLS_KEY")
class TlsTest {

  @Test
  @DisplayName("with a PEM certificate and key the listener speaks HTTPS, and plain HTTP gets no answer")
  void https(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    assumeTrue(selfSigned(cert, key), "openssl is needed to make a test certificate");
    Map<String, String> env = ServiceTest.environment(TlsTest.class);
    env.put("HTTP_TLS_CERT", cert.toString());
    env.put("HTTP_TLS_KEY", key.toString());
    AppConfig config = AppConfig.fromEnv(env);
    Vertx vertx = Vertx.vertx();
    try {
      int port = ConnectorService.start(vertx, config).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS).port();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trustAll()).build();
      var response = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Elastic-Product")).contains("Elasticsearch");
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("a certificate without its key, or a file that is not there, stops start-up naming the variable")
  void badSettings(@TempDir Path dir) throws IOException {
    Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
    assertThatThrownBy(() -> AppConfig.fromEnv(Map.of("HTTP_TLS_CERT", cert.toString())))
        .isInstanceOf(ConfigException.class).hasMessage("HTTP_TLS_KEY must be set together with HTTP_TLS_CERT");
    assertThatThrownBy(() -> AppConfig.fromEnv(Map.of("HTTP_TLS_CERT", cert.toString(), "HTTP_TLS_KEY", "/nope.pem")))
        .isInstanceOf(ConfigException.class).hasMessage("HTTP_TLS_KEY must name a readable PEM file: [/nope.pem]");
  }

  private static boolean selfSigned(Path cert, Path key) throws InterruptedException {
    try {
      Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
          "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString())
          .redirectErrorStream(true).start();
      openssl.getInputStream().readAllBytes();
      return openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0;
    } catch (IOException noOpenssl) {
      return false;
    }
  }

  private static SSLContext trustAll() throws Exception {
    TrustManager trustAll = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {trustAll}, null);
    return context;
  }
}
