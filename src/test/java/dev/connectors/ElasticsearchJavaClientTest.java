package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Result;
import co.elastic.clients.elasticsearch.connector.ConnectorStatus;
import co.elastic.clients.elasticsearch.connector.DisplayType;
import co.elastic.clients.elasticsearch.connector.FilteringPolicy;
import co.elastic.clients.elasticsearch.connector.FilteringRuleRule;
import co.elastic.clients.elasticsearch.connector.FilteringValidationState;
import co.elastic.clients.elasticsearch.connector.SyncJobTriggerMethod;
import co.elastic.clients.elasticsearch.connector.SyncJobType;
import co.elastic.clients.elasticsearch.connector.SyncStatus;
import co.elastic.clients.json.JsonData;
import dev.connectors.support.ServiceTest;
import java.io.IOException;
import java.util.List;
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
  @DisplayName("info() and ping() work: GET / and HEAD / as Elasticsearch 9 answers them")
  void infoAndPing() throws IOException {
    var info = client.info();
    assertThat(info.version().number()).startsWith("9.");
    assertThat(info.version().buildFlavor()).isEqualTo("default");
    assertThat(info.tagline()).isEqualTo("You Know, for Search");
    assertThat(client.ping().value()).isTrue();
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

  @Test
  @DisplayName("every update call answers Updated (or NoOp) and changes the connector as asked")
  void everyUpdateCall() throws IOException {
    String id = uniqueId("java-upd");
    client.connector().put(p -> p.connectorId(id).name("before").serviceType("s3"));
    var c = client.connector();

    assertThat(c.checkIn(r -> r.connectorId(id)).result()).isEqualTo(Result.Updated);
    assertThat(c.get(g -> g.connectorId(id)).lastSeen()).isNotNull();
    assertThat(c.updateName(r -> r.connectorId(id).name("after").description("desc")).result()).isEqualTo(Result.Updated);
    assertThat(c.updateName(r -> r.connectorId(id).name("after").description("desc")).result()).isEqualTo(Result.NoOp);
    // an Elastic-managed connector's index starts with content- (updateNative below)
    assertThat(c.updateIndexName(r -> r.connectorId(id).indexName("content-" + id)).result()).isEqualTo(Result.Updated);
    assertThat(c.updateServiceType(r -> r.connectorId(id).serviceType("google_drive")).result()).isEqualTo(Result.Updated);
    assertThat(c.updateStatus(r -> r.connectorId(id).status(ConnectorStatus.NeedsConfiguration)).result())
        .isEqualTo(Result.Updated);
    assertThat(c.updateNative(r -> r.connectorId(id).isNative(true)).result()).isEqualTo(Result.Updated);
    assertThat(c.updateApiKeyId(r -> r.connectorId(id).apiKeyId("key-1").apiKeySecretId("secret-1")).result())
        .isEqualTo(Result.Updated);
    assertThat(c.updateFeatures(r -> r.connectorId(id).features(f -> f
        .documentLevelSecurity(e -> e.enabled(true))
        .syncRules(s -> s.basic(e -> e.enabled(true)).advanced(e -> e.enabled(false))))).result())
        .isEqualTo(Result.Updated);
    assertThat(c.updatePipeline(r -> r.connectorId(id).pipeline(p -> p.name("ent-search-generic-ingestion")
        .extractBinaryContent(true).reduceWhitespace(true).runMlInference(false))).result()).isEqualTo(Result.Updated);
    assertThat(c.updateScheduling(r -> r.connectorId(id).scheduling(s -> s
        .full(f -> f.enabled(true).interval("0 0 2 * * ?"))
        .incremental(f -> f.enabled(false).interval("0 0 0 * * ?"))
        .accessControl(f -> f.enabled(false).interval("0 0 0 * * ?")))).result()).isEqualTo(Result.Updated);
    assertThat(c.updateConfiguration(r -> r.connectorId(id).configuration("host", p -> p
        .label("Host").value(JsonData.of("a")).defaultValue("").display(DisplayType.Textbox)
        .required(true).sensitive(false).options(List.of()).dependsOn(List.of()))).result()).isEqualTo(Result.Updated);
    assertThat(c.updateConfiguration(r -> r.connectorId(id).values("host", JsonData.of("b"))).result())
        .isEqualTo(Result.Updated);
    assertThat(c.updateFiltering(r -> r.connectorId(id).rules(rule -> rule.id("r1").field("title")
        .policy(FilteringPolicy.Exclude).rule(FilteringRuleRule.Contains).value("secret").order(0))).result())
        .isEqualTo(Result.Updated);
    assertThat(c.updateFilteringValidation(r -> r.connectorId(id).validation(v -> v
        .state(FilteringValidationState.Valid).errors(List.of()))).result()).isEqualTo(Result.Updated);
    assertThat(c.updateActiveFiltering(r -> r.connectorId(id)).result()).isEqualTo(Result.Updated);

    var after = c.get(g -> g.connectorId(id));
    assertThat(after.name()).isEqualTo("after");
    assertThat(after.description()).isEqualTo("desc");
    assertThat(after.indexName()).isEqualTo("content-" + id);
    assertThat(after.serviceType()).isEqualTo("google_drive");
    assertThat(after.isNative()).isTrue();
    assertThat(after.apiKeyId()).isEqualTo("key-1");
    assertThat(after.features().documentLevelSecurity().enabled()).isTrue();
    assertThat(after.pipeline().name()).isEqualTo("ent-search-generic-ingestion");
    assertThat(after.scheduling().full().enabled()).isTrue();
    assertThat(after.scheduling().incremental().enabled()).isFalse();
    assertThat(after.configuration().get("host").value().to(String.class)).isEqualTo("b");
    assertThat(after.status()).isEqualTo(ConnectorStatus.Configured);
    assertThat(after.filtering().get(0).active().rules().get(0).id()).isEqualTo("r1");

    assertThatThrownBy(() -> c.updateStatus(r -> r.connectorId(id).status(ConnectorStatus.Created)))
        .isInstanceOfSatisfying(ElasticsearchException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.error().type()).isEqualTo("status_exception");
        });
  }

  @Test
  @DisplayName("list filters and pages, with the total count")
  void list() throws IOException {
    String type = uniqueId("java-list-type");
    for (String suffix : List.of("b", "a", "c")) {
      String id = uniqueId("java-list-" + suffix);
      client.connector().put(p -> p.connectorId(id).serviceType(type).name(suffix).indexName("search-" + id));
    }
    var all = client.connector().list(l -> l.serviceType(type));
    assertThat(all.count()).isEqualTo(3);
    assertThat(all.results()).extracting(co.elastic.clients.elasticsearch.connector.Connector::name)
        .containsExactlyInAnyOrder("a", "b", "c");
    var page = client.connector().list(l -> l.serviceType(type).from(1).size(1));
    assertThat(page.count()).isEqualTo(3);
    assertThat(page.results()).hasSize(1);
    assertThat(client.connector().list(l -> l.serviceType(type).connectorName("a")).count()).isEqualTo(1);
  }

  @Test
  @DisplayName("the sync-job calls: post, get, list, claim, check in, stats, cancel, error, delete")
  void syncJobs() throws IOException {
    String connector = uniqueId("java-sync");
    client.connector().put(p -> p.connectorId(connector).indexName("search-" + connector).serviceType("s3"));
    var c = client.connector();

    String jobId = c.syncJobPost(p -> p.id(connector).jobType(SyncJobType.Full)
        .triggerMethod(SyncJobTriggerMethod.OnDemand)).id();
    var job = c.syncJobGet(g -> g.connectorSyncJobId(jobId));
    assertThat(job.status()).isEqualTo(SyncStatus.Pending);
    assertThat(job.connector().id()).isEqualTo(connector);
    assertThat(job.jobType()).isEqualTo(SyncJobType.Full);

    c.syncJobClaim(r -> r.connectorSyncJobId(jobId).workerHostname("worker-1"));
    c.syncJobCheckIn(r -> r.connectorSyncJobId(jobId));
    c.syncJobUpdateStats(r -> r.connectorSyncJobId(jobId).deletedDocumentCount(1).indexedDocumentCount(10)
        .indexedDocumentVolume(100));
    var running = c.syncJobGet(g -> g.connectorSyncJobId(jobId));
    assertThat(running.status()).isEqualTo(SyncStatus.InProgress);
    assertThat(running.workerHostname()).isEqualTo("worker-1");
    assertThat(running.indexedDocumentCount()).isEqualTo(10);

    var listed = c.syncJobList(l -> l.connectorId(connector).status(SyncStatus.InProgress));
    assertThat(listed.count()).isEqualTo(1);
    assertThat(listed.results().get(0).id()).isEqualTo(jobId);

    assertThat(c.syncJobCancel(r -> r.connectorSyncJobId(jobId)).result()).isEqualTo(Result.Updated);
    c.syncJobError(r -> r.connectorSyncJobId(jobId).error("boom"));
    assertThat(c.syncJobGet(g -> g.connectorSyncJobId(jobId)).status()).isEqualTo(SyncStatus.Error);
    assertThat(c.syncJobDelete(d -> d.connectorSyncJobId(jobId)).acknowledged()).isTrue();
    assertThatThrownBy(() -> c.syncJobGet(g -> g.connectorSyncJobId(jobId)))
        .isInstanceOfSatisfying(ElasticsearchException.class, e -> assertThat(e.status()).isEqualTo(404));
  }

  @Test
  @DisplayName("Elasticsearch's sync-job rules through the client: error on a pending job and negative stats refused, cancel of a pending job, newest first")
  void syncJobRules() throws IOException {
    String connector = uniqueId("java-rules");
    client.connector().put(p -> p.connectorId(connector).indexName("search-" + connector).serviceType("s3"));
    var c = client.connector();
    String first = c.syncJobPost(p -> p.id(connector)).id();
    String second = c.syncJobPost(p -> p.id(connector)).id();

    assertThatThrownBy(() -> c.syncJobError(r -> r.connectorSyncJobId(first).error("too early")))
        .isInstanceOfSatisfying(ElasticsearchException.class, e -> assertThat(e.status()).isEqualTo(400));
    assertThatThrownBy(() -> c.syncJobUpdateStats(r -> r.connectorSyncJobId(first).deletedDocumentCount(-1)
        .indexedDocumentCount(0).indexedDocumentVolume(0)))
        .isInstanceOfSatisfying(ElasticsearchException.class, e -> assertThat(e.status()).isEqualTo(400));

    assertThat(c.syncJobCancel(r -> r.connectorSyncJobId(first)).result()).isEqualTo(Result.Updated);
    var canceled = c.syncJobGet(g -> g.connectorSyncJobId(first));
    assertThat(canceled.status()).isEqualTo(SyncStatus.Canceled);
    assertThat(canceled.completedAt()).isNotNull().isEqualTo(canceled.canceledAt());

    assertThat(c.syncJobList(l -> l.connectorId(connector)).results())
        .extracting(co.elastic.clients.elasticsearch.connector.ConnectorSyncJob::id).containsExactly(second, first);
  }
}
