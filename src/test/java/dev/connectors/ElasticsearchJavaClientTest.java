package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Result;
import co.elastic.clients.elasticsearch.connector.ConnectorStatus;
import dev.connectors.support.ServiceTest;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Drives the service only through the official Elasticsearch Java client, unchanged. */
@DisplayName("The official Elasticsearch Java client (elasticsearch-java 9.5.6)")
class ElasticsearchJavaClientTest extends ServiceTest {

  private static ElasticsearchClient client;

  @BeforeAll
  static void connect() {
    client = ElasticsearchClient.of(b -> b.host("http://127.0.0.1:" + port));
  }

  @AfterAll
  static void disconnect() throws IOException {
    client.close();
  }

  @Test
  @DisplayName("put, get, updateError with a message and with errorWithNull(), delete")
  void connectorLifecycle() throws IOException {
    String id = uniqueId("java");
    var put = client.connector().put(p -> p.connectorId(id).name("Java").indexName("search-" + id)
        .serviceType("google_drive").language("en").isNative(false).description("from the Java client"));
    assertThat(put.id()).isEqualTo(id);
    assertThat(put.result()).isEqualTo(Result.Created);

    var fresh = client.connector().get(g -> g.connectorId(id));
    assertThat(fresh.id()).isEqualTo(id);
    assertThat(fresh.name()).isEqualTo("Java");
    assertThat(fresh.indexName()).isEqualTo("search-" + id);
    assertThat(fresh.status()).isEqualTo(ConnectorStatus.Created);
    assertThat(fresh.isNative()).isFalse();
    assertThat(fresh.filtering()).hasSize(1);
    assertThat(fresh.filtering().get(0).active().rules().get(0).id()).isEqualTo("DEFAULT");
    assertThat(fresh.scheduling().full().interval()).isEqualTo("0 0 0 * * ?");

    var error = client.connector().updateError(u -> u.connectorId(id).error("Houston, we have a problem!"));
    assertThat(error.result()).isEqualTo(Result.Updated);
    var failed = client.connector().get(g -> g.connectorId(id));
    assertThat(failed.status()).isEqualTo(ConnectorStatus.Error);
    assertThat(failed.error()).isEqualTo("Houston, we have a problem!");

    assertThat(client.connector().updateError(u -> u.connectorId(id).errorWithNull()).result())
        .isEqualTo(Result.Updated);
    assertThat(client.connector().updateError(u -> u.connectorId(id).errorWithNull()).result())
        .isEqualTo(Result.NoOp);
    var reset = client.connector().get(g -> g.connectorId(id));
    assertThat(reset.status()).isEqualTo(ConnectorStatus.Connected);
    assertThat(reset.error()).isNull();

    assertThat(client.connector().delete(d -> d.connectorId(id)).acknowledged()).isTrue();
    var deleted = client.connector().get(g -> g.connectorId(id).includeDeleted(true));
    assertThat(deleted.id()).isEqualTo(id);
  }

  @Test
  @DisplayName("put and post without an id get a generated one")
  void generatedIds() throws IOException {
    var put = client.connector().put(p -> p.name("no id"));
    assertThat(put.result()).isEqualTo(Result.Created);
    assertThat(put.id()).hasSizeGreaterThanOrEqualTo(20);
    var post = client.connector().post(p -> p.name("posted").isNative(true));
    assertThat(post.result()).isEqualTo(Result.Created);
    assertThat(client.connector().get(g -> g.connectorId(post.id())).status())
        .isEqualTo(ConnectorStatus.NeedsConfiguration);
  }

  @Test
  @DisplayName("a missing connector surfaces as ElasticsearchException 404 resource_not_found_exception")
  void missingConnector() {
    assertThatThrownBy(() -> client.connector().get(g -> g.connectorId("nobody")))
        .isInstanceOfSatisfying(ElasticsearchException.class, e -> {
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.error().type()).isEqualTo("resource_not_found_exception");
          assertThat(e.error().reason()).isEqualTo("connector [nobody] not found");
        });
    assertThatThrownBy(() -> client.connector().updateError(u -> u.connectorId("nobody").error("x")))
        .isInstanceOfSatisfying(ElasticsearchException.class, e -> assertThat(e.status()).isEqualTo(404));
  }
}
