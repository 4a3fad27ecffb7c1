package dev.connectors.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The Elasticsearch that the content plane goes to ({@code ELASTICSEARCH_UPSTREAM_URL}): every
 * request that is not the control plane is proxied there, so that the connectors framework needs
 * one host. The service calls it with its own credential, never the caller's.
 *
 * @param url scheme, host, port and optional path prefix of the upstream
 * @param authorization the {@code Authorization} header sent upstream: {@code ApiKey} from
 *     {@code ELASTICSEARCH_UPSTREAM_API_KEY}, else {@code Basic} from the URL's user info; null: none
 * @param maxBulkBytes the largest {@code _bulk} body a connector-scoped caller may send: such a
 *     body is read whole and checked line by line before it goes upstream ({@code UPSTREAM_BULK_MAX_BYTES})
 */
public record UpstreamConfig(URI url, String authorization, long maxBulkBytes) {

  static UpstreamConfig fromEnv(Map<String, String> env) {
    String value = env.get("ELASTICSEARCH_UPSTREAM_URL");
    if (value == null || value.isBlank()) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      throw new ConfigException("ELASTICSEARCH_UPSTREAM_URL must be an http(s) URL such as https://es.example:9200");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new ConfigException("ELASTICSEARCH_UPSTREAM_URL must be an http(s) URL such as https://es.example:9200");
    }
    String authorization = null;
    String apiKey = env.get("ELASTICSEARCH_UPSTREAM_API_KEY");
    if (apiKey != null && !apiKey.isBlank()) {
      authorization = "ApiKey " + apiKey.trim();
    } else if (uri.getRawUserInfo() != null) {
      String userInfo = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
      authorization = "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
    try {
      uri = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    long maxBulk = AppConfig.integer(env, "UPSTREAM_BULK_MAX_BYTES", 100 * 1024 * 1024, 1024, Integer.MAX_VALUE);
    return new UpstreamConfig(uri, authorization, maxBulk);
  }

  /** The upstream's port, the scheme's default when the URL names none. */
  public int port() {
    return url.getPort() > 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
  }

  /** The upstream's path prefix, without a trailing slash ({@code ""} for none). */
  public String pathPrefix() {
    String path = url.getPath() == null ? "" : url.getPath();
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** Never shows the credential. */
  @Override
  public String toString() {
    return "UpstreamConfig[" + url + "]";
  }
}
