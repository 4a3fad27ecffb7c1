package dev.connectors.framework;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The index view's query DSL clause by clause, sort, {@code _source} and the counts, over three
 * connectors of this class's own: each query is asserted by the ids it finds among them.
 */
@DisplayName("The index view's queries: every clause, sort, _source and hits.total")
class IndexViewQueriesTest extends ServiceTest {

  private static String a;
  private static String b;
  private static String c;
  private static String mine;

  /** a: error, 5 docs, configured; b: connected, 20 docs, native; c: created, nothing set. */
  @BeforeAll
  static void connectors() {
    a = syncableConnector("q-a");
    b = syncableConnector("q-b");
    c = newConnector("q-c");
    mine = new JsonArray().add(a).add(b).add(c).encode();
    post("/.elastic-connectors/_update/" + a, "{\"doc\":{\"status\":\"error\",\"error\":\"x\",\"last_indexed_document_count\":5,"
        + "\"configuration\":{\"directory\":{\"label\":\"d\",\"value\":\"/data\"}},\"last_seen\":\"2026-01-02T03:04:05Z\"}}");
    post("/.elastic-connectors/_update/" + b, "{\"doc\":{\"status\":\"connected\",\"error\":null,\"last_indexed_document_count\":20,"
        + "\"is_native\":true,\"last_seen\":\"2026-06-01T00:00:00Z\"}}");
  }

  private static JsonObject post(String path, String body) {
    var response = api.post(path, body);
    assertThat(response.status()).as(path + " " + body + " → " + response.body()).isEqualTo(200);
    return response.json();
  }

  /** The ids among this class's connectors that the clause finds. */
  private static List<String> found(String clause) {
    JsonObject answer = post("/.elastic-connectors/_search", "{\"query\":{\"bool\":{\"filter\":[{\"terms\":{\"_id\":" + mine
        + "}}],\"must\":[" + clause + "]}},\"sort\":[\"_id\"]}");
    return answer.getJsonObject("hits").getJsonArray("hits").stream().map(h -> ((JsonObject) h).getString("_id")).toList();
  }

  private static List<String> ids(String... expected) {
    return List.of(expected).stream().sorted().toList();
  }

  private static void refused(String body) {
    var response = api.post("/.elastic-connectors/_search", body);
    assertThat(response.status()).as(body + " → " + response.body()).isEqualTo(400);
    assertThat(response.json().getJsonObject("error").getString("type")).isNotBlank();
  }

  @Test
  @DisplayName("term (both forms), terms on a boolean, match with its options, ids, match_all, match_none")
  void terms() {
    assertThat(found("{\"term\":{\"status\":\"error\"}}")).isEqualTo(ids(a));
    assertThat(found("{\"term\":{\"status\":{\"value\":\"connected\",\"boost\":2}}}")).isEqualTo(ids(b));
    assertThat(found("{\"terms\":{\"is_native\":[true],\"boost\":1}}")).isEqualTo(ids(b));
    assertThat(found("{\"terms\":{\"is_native\":[\"false\"]}}")).isEqualTo(ids(a, c));
    assertThat(found("{\"match\":{\"status\":{\"query\":\"created\",\"operator\":\"and\"}}}")).isEqualTo(ids(c));
    assertThat(found("{\"ids\":{\"values\":[\"" + a + "\",\"" + c + "\"]}}")).isEqualTo(ids(a, c));
    assertThat(found("{\"match_all\":{\"boost\":1}}")).isEqualTo(ids(a, b, c));
    assertThat(found("{\"match_none\":{}}")).isEmpty();
    assertThat(found("{\"term\":{\"last_indexed_document_count\":\"20\"}}")).isEqualTo(ids(b));
    assertThat(found("{\"term\":{\"last_seen\":\"2026-01-02T03:04:05.000Z\"}}")).isEqualTo(ids(a));
    assertThat(found("{\"term\":{\"configuration.directory.value\":\"/data\"}}")).isEqualTo(ids(a));
    assertThat(found("{\"term\":{\"no_such_field\":\"x\"}}")).as("unmapped: matches nothing").isEmpty();
    assertThat(found("{\"bool\":{\"must_not\":{\"term\":{\"no_such_field\":\"x\"}}}}")).isEqualTo(ids(a, b, c));
    assertThat(found("{\"term\":{\"status.inner\":\"x\"}}")).as("a path into a keyword").isEmpty();
  }

  @Test
  @DisplayName("range on numbers, dates (formats, epoch milliseconds, date math with rounding) and keywords; exists on columns and inside objects")
  void rangesAndExists() {
    assertThat(found("{\"range\":{\"last_indexed_document_count\":{\"gt\":5}}}")).isEqualTo(ids(b));
    assertThat(found("{\"range\":{\"last_indexed_document_count\":{\"gte\":5,\"lt\":20}}}")).isEqualTo(ids(a));
    assertThat(found("{\"range\":{\"last_indexed_document_count\":{}}}")).as("no bounds: has a value").isEqualTo(ids(a, b));
    assertThat(found("{\"range\":{\"last_seen\":{\"lt\":\"2026-03-01\"}}}")).isEqualTo(ids(a));
    assertThat(found("{\"range\":{\"last_seen\":{\"gte\":\"2026-05-31T23:59:59\",\"format\":\"strict_date_optional_time||epoch_millis\"}}}"))
        .isEqualTo(ids(b));
    assertThat(found("{\"range\":{\"last_seen\":{\"lte\":1767323045000}}}")).isEqualTo(ids(a));
    assertThat(found("{\"range\":{\"last_seen\":{\"lte\":\"1767323045000\"}}}")).isEqualTo(ids(a));
    for (String math : List.of("now", "now/d", "now-1d/d", "now+1M", "now-1w/w", "now+1y/y", "now-1h/h", "now-30m", "now/M")) {
      assertThat(found("{\"range\":{\"last_seen\":{\"lt\":\"" + math + "\"}}}")).as(math).isEqualTo(ids(a, b));
    }
    assertThat(found("{\"range\":{\"status\":{\"gte\":\"d\"}}}")).as("keywords compare as text").isEqualTo(ids(a));
    assertThat(found("{\"exists\":{\"field\":\"error\"}}")).isEqualTo(ids(a));
    assertThat(found("{\"exists\":{\"field\":\"configuration.directory\"}}")).isEqualTo(ids(a));
    assertThat(found("{\"exists\":{\"field\":\"features\"}}")).isEmpty();
    assertThat(found("{\"exists\":{\"field\":\"_id\",\"boost\":1}}")).isEqualTo(ids(a, b, c));
    assertThat(found("{\"exists\":{\"field\":\"nothing\"}}")).isEmpty();
    assertThat(found("{\"range\":{\"nothing\":{\"gt\":1}}}")).isEmpty();
  }

  @Test
  @DisplayName("bool: should alone needs one, beside must it is optional, minimum_should_match counts, more than there are matches nothing")
  void bools() {
    String shouldAB = "\"should\":[{\"term\":{\"status\":\"error\"}},{\"term\":{\"status\":\"connected\"}}]";
    assertThat(found("{\"bool\":{" + shouldAB + "}}")).isEqualTo(ids(a, b));
    assertThat(found("{\"bool\":{\"must\":{\"match_all\":{}}," + shouldAB + "}}")).isEqualTo(ids(a, b, c));
    assertThat(found("{\"bool\":{" + shouldAB + ",\"minimum_should_match\":\"1\"}}")).isEqualTo(ids(a, b));
    assertThat(found("{\"bool\":{\"should\":[{\"term\":{\"status\":\"error\"}},{\"exists\":{\"field\":\"error\"}}],"
        + "\"minimum_should_match\":2}}")).isEqualTo(ids(a));
    assertThat(found("{\"bool\":{" + shouldAB + ",\"minimum_should_match\":3}}")).isEmpty();
    assertThat(found("{\"bool\":{}}")).isEqualTo(ids(a, b, c));
    assertThat(found("{\"bool\":{\"mustNot\":[{\"term\":{\"status\":\"error\"}}],\"_name\":\"n\",\"adjust_pure_negative\":true}}"))
        .isEqualTo(ids(b, c));
    assertThat(found("{}")).isEqualTo(ids(a, b, c));
  }

  @Test
  @DisplayName("sort in every form, with sort values (dates as epoch milliseconds); hits then have no score")
  void sorting() {
    String filter = "{\"terms\":{\"_id\":" + mine + "}}";
    JsonObject byCount = post("/.elastic-connectors/_search", "{\"query\":" + filter
        + ",\"sort\":[\"_score\",{\"last_indexed_document_count\":{\"order\":\"desc\",\"unmapped_type\":\"long\"}}]}");
    JsonArray hits = byCount.getJsonObject("hits").getJsonArray("hits");
    assertThat(hits.stream().map(h -> ((JsonObject) h).getString("_id")).toList()).containsExactly(b, a, c);
    assertThat(hits.getJsonObject(0).getJsonArray("sort").getLong(0)).isEqualTo(20);
    assertThat(hits.getJsonObject(0).getValue("_score")).isNull();
    assertThat(byCount.getJsonObject("hits").getValue("max_score")).isNull();
    JsonObject byDate = post("/.elastic-connectors/_search", "{\"query\":" + filter + ",\"sort\":{\"last_seen\":\"asc\"}}");
    assertThat(byDate.getJsonObject("hits").getJsonArray("hits").getJsonObject(0).getJsonArray("sort").getLong(0))
        .isEqualTo(1767323045000L);
    JsonObject byUrl = post("/.elastic-connectors/_search?sort=last_indexed_document_count:asc&size=1", "{\"query\":" + filter + "}");
    assertThat(byUrl.getJsonObject("hits").getJsonArray("hits").getJsonObject(0).getString("_id")).isEqualTo(a);
    JsonObject byId = post("/.elastic-connectors/_search", "{\"query\":" + filter + ",\"sort\":\"_doc\"}");
    assertThat(byId.getJsonObject("hits").getJsonArray("hits")).hasSize(3);
    refused("{\"sort\":[{\"name\":\"sideways\"}]}");
    refused("{\"sort\":[{\"configuration\":\"asc\"}]}");
    refused("{\"sort\":[{\"name\":{\"mode\":\"min\"}}]}");
    refused("{\"sort\":[1]}");
  }

  @Test
  @DisplayName("_source: false, a field, a list, includes and excludes with wildcards, and the URL's forms")
  void sourceFiltering() {
    String query = "\"query\":{\"ids\":{\"values\":[\"" + a + "\"]}}";
    assertThat(source("{" + query + ",\"_source\":false}")).isNull();
    assertThat(source("{" + query + ",\"_source\":\"status\"}").fieldNames()).containsExactly("status");
    assertThat(source("{" + query + ",\"_source\":[\"status\",\"error\"]}").fieldNames()).containsExactlyInAnyOrder("status", "error");
    JsonObject nested = source("{" + query + ",\"_source\":{\"includes\":[\"config*\",\"last_*\"],\"excludes\":[\"configuration.directory.label\"]}}");
    assertThat(nested.getJsonObject("configuration").getJsonObject("directory").fieldNames()).containsExactly("value");
    assertThat(nested.fieldNames()).contains("last_seen").doesNotContain("status");
    JsonObject inside = source("{" + query + ",\"_source\":{\"include\":\"configuration.directory.value\"}}");
    assertThat(inside).isEqualTo(new JsonObject().put("configuration", new JsonObject()
        .put("directory", new JsonObject().put("value", "/data"))));
    assertThat(source("{" + query + ",\"_source\":{\"exclude\":[\"*\"]}}")).isEqualTo(new JsonObject());
    assertThat(sourceOf("/.elastic-connectors/_search?_source=false", "{" + query + "}")).isNull();
    assertThat(sourceOf("/.elastic-connectors/_search?_source=status,name", "{" + query + "}").fieldNames())
        .containsExactlyInAnyOrder("status", "name");
    assertThat(sourceOf("/.elastic-connectors/_search?_source_includes=error&_source_excludes=status", "{" + query + "}")
        .fieldNames()).containsExactly("error");
    assertThat(sourceOf("/.elastic-connectors/_search?_source=true", "{" + query + "}").fieldNames()).contains("status", "name");
    JsonObject doc = api.get("/.elastic-connectors/_doc/" + a + "?_source_includes=status").json();
    assertThat(doc.getJsonObject("_source").fieldNames()).containsExactly("status");
    assertThat(api.get("/.elastic-connectors/_doc/" + a + "?_source=false").json().containsKey("_source")).isFalse();
    refused("{\"_source\":{\"fields\":[\"a\"]}}");
    refused("{\"_source\":1}");
    refused("{\"_source\":[1]}");
  }

  private static JsonObject source(String body) {
    return sourceOf("/.elastic-connectors/_search", body);
  }

  private static JsonObject sourceOf(String path, String body) {
    JsonObject hit = post(path, body).getJsonObject("hits").getJsonArray("hits").getJsonObject(0);
    return hit.getJsonObject("_source");
  }

  @Test
  @DisplayName("hits.total by track_total_hits and rest_total_hits_as_int; from and size from the URL; GET with a body; _count without one")
  void totalsAndPaging() {
    String query = "{\"query\":{\"terms\":{\"_id\":" + mine + "}}";
    JsonObject counted = post("/.elastic-connectors/_search", query + ",\"track_total_hits\":true}").getJsonObject("hits");
    assertThat(counted.getJsonObject("total")).isEqualTo(new JsonObject().put("value", 3).put("relation", "eq"));
    assertThat(counted.getDouble("max_score")).isEqualTo(1.0);
    assertThat(post("/.elastic-connectors/_search", query + ",\"track_total_hits\":false}").getJsonObject("hits")
        .containsKey("total")).isFalse();
    assertThat(post("/.elastic-connectors/_search?track_total_hits=2", query + "}").getJsonObject("hits").getJsonObject("total"))
        .isEqualTo(new JsonObject().put("value", 2).put("relation", "gte"));
    assertThat(post("/.elastic-connectors/_search?track_total_hits=-1", query + "}").getJsonObject("hits").containsKey("total")).isFalse();
    assertThat(post("/.elastic-connectors/_search?rest_total_hits_as_int=true", query + "}").getJsonObject("hits").getInteger("total"))
        .isEqualTo(3);
    JsonObject page = post("/.elastic-connectors/_search?from=2&size=5", query + ",\"sort\":\"_id\"}").getJsonObject("hits");
    assertThat(page.getJsonArray("hits")).hasSize(1);
    assertThat(post("/.elastic-connectors/_search", query + ",\"size\":0}").getJsonObject("hits").getValue("max_score")).isNull();
    var viaGet = api.send("GET", "/.elastic-connectors-v1/_search", "application/json", (query + "}").getBytes());
    assertThat(viaGet.json().getJsonObject("hits").getJsonObject("total").getInteger("value")).isEqualTo(3);
    assertThat(api.get("/.elastic-connectors/_count").json().getLong("count")).isGreaterThanOrEqualTo(3);
    assertThat(api.get("/.elastic-connectors-sync-jobs/_count").status()).isEqualTo(200);
    for (String bad : List.of("?from=-1", "?size=-1", "?track_total_hits=-5", "?track_total_hits=many", "?q=status:error")) {
      assertThat(api.post("/.elastic-connectors/_search" + bad, "{}").status()).as(bad).isEqualTo(400);
    }
    refused("{\"from\":99999999999}");
  }

  @Test
  @DisplayName("malformed queries are 400 naming what is wrong")
  void malformed() {
    for (String query : List.of("\"x\"", "{\"term\":{\"a\":1},\"terms\":{}}", "{\"term\":\"x\"}", "{\"terms\":{\"status\":\"x\"}}",
        "{\"terms\":{\"status\":[\"a\"],\"name\":[\"b\"]}}", "{\"ids\":{\"values\":\"x\"}}", "{\"range\":{\"last_seen\":\"x\"}}",
        "{\"range\":{\"last_seen\":{\"from\":1}}}", "{\"range\":{\"last_seen\":{\"gt\":1,\"format\":\"yyyy\"}}}",
        "{\"exists\":{}}", "{\"exists\":{\"field\":\"a\",\"x\":1}}", "{\"term\":{\"status\":null}}",
        "{\"term\":{\"status\":{\"value\":\"a\",\"fuzziness\":1}}}", "{\"term\":{\"a\":1,\"b\":2}}",
        "{\"match_all\":{\"x\":1}}", "{\"bool\":{\"minimum_should_match\":\"50%\"}}", "{\"bool\":{\"minimum_should_match\":-1}}",
        "{\"term\":{\"last_indexed_document_count\":\"many\"}}", "{\"range\":{\"last_seen\":{\"gt\":\"now-1q\"}}}",
        "{\"term\":{\"status\":{\"inner\":1}}}", "{\"term\":{\"status\":[1]}}", "{\"ids\":{\"values\":[{\"a\":1}]}}")) {
      refused("{\"query\":" + query + "}");
    }
  }
}
