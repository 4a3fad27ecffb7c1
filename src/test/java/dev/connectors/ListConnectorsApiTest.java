package dev.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.support.ServiceTest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("GET /_connector")
class ListConnectorsApiTest extends ServiceTest {

  /**
   * Every connector of this class carries this service type, so its filters see only them.
   * Digits only, so that no query below can match the tag itself.
   */
  private static final String TAG = "list" + (100_000_000L + new java.util.Random().nextInt(900_000_000));

  @BeforeAll
  static void createFleet() {
    // index names chosen so that index_name order differs from id and creation order
    create("c-3", "alpha", "search-" + TAG + "-a", "first of the fleet");
    create("c-1", "beta", "search-" + TAG + "-b", "50% off_sale");
    create("c-2", "gamma", "search-" + TAG + "-c", null);
    create("c-5", "beta", null, null);
    create("c-4", "delta", "search-" + TAG + "-d", null);
    api.delete("/_connector/" + TAG + "c-4");
  }

  private static void create(String id, String name, String indexName, String description) {
    JsonObject body = new JsonObject().put("name", name).put("service_type", TAG)
        .put("index_name", indexName).put("description", description);
    assertThat(api.put("/_connector/" + TAG + id, body.encode()).status()).isEqualTo(201);
  }

  private static List<String> ids(JsonObject page) {
    return page.getJsonArray("results").stream()
        .map(c -> ((JsonObject) c).getString("id").substring(TAG.length())).toList();
  }

  private static JsonObject list(String query) {
    var response = api.get("/_connector?service_type=" + TAG + query);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json();
  }

  @Test
  @DisplayName("lists live connectors ordered by index_name then id, with the total count")
  void ordersByIndexName() {
    JsonObject page = list("");
    assertThat(page.getLong("count")).isEqualTo(4);
    assertThat(ids(page)).containsExactly("c-3", "c-1", "c-2", "c-5");
    assertThat(page.getJsonArray("results").getJsonObject(0).getString("name")).isEqualTo("alpha");
  }

  @Test
  @DisplayName("from and size page through the results while count stays the total")
  void pages() {
    JsonObject page = list("&from=1&size=2");
    assertThat(page.getLong("count")).isEqualTo(4);
    assertThat(ids(page)).containsExactly("c-1", "c-2");
    JsonObject pastTheEnd = list("&from=10");
    assertThat(pastTheEnd.getLong("count")).isEqualTo(4);
    assertThat(pastTheEnd.getJsonArray("results")).isEmpty();
  }

  @Test
  @DisplayName("include_deleted=true lists soft-deleted connectors too")
  void includeDeleted() {
    assertThat(ids(list("&include_deleted=true"))).containsExactly("c-3", "c-1", "c-2", "c-4", "c-5");
  }

  @Test
  @DisplayName("index_name and connector_name filter by exact values from comma lists")
  void exactFilters() {
    assertThat(ids(list("&index_name=search-" + TAG + "-c,search-" + TAG + "-a"))).containsExactly("c-3", "c-2");
    assertThat(ids(list("&connector_name=beta"))).containsExactly("c-1", "c-5");
    assertThat(ids(list("&connector_name=beta,gamma"))).containsExactly("c-1", "c-2", "c-5");
    assertThat(list("&connector_name=nobody").getLong("count")).isZero();
  }

  @Test
  @DisplayName("query matches a substring of index_name, name or description, taking % and _ literally")
  void query() {
    assertThat(ids(list("&query=-b"))).containsExactly("c-1");
    assertThat(ids(list("&query=amm"))).containsExactly("c-2");
    assertThat(ids(list("&query=of%20the"))).containsExactly("c-3");
    assertThat(ids(list("&query=50%25"))).containsExactly("c-1");
    assertThat(ids(list("&query=f_s"))).containsExactly("c-1");
    assertThat(ids(list("&query=%25"))).containsExactly("c-1");
    assertThat(list("&query=_").getLong("count")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "from=-1           | [from] parameter cannot be negative, found [-1]",
      "size=-5           | [size] parameter cannot be negative, found [-5]",
      "size=10001        | The sum of parameters [from] and [size] cannot be higher than 10000.",
      "from=9999&size=2  | The sum of parameters [from] and [size] cannot be higher than 10000.",
      "size=ten          | Failed to parse int parameter [size] with value [ten]",
      "sort=name         | request [/_connector] contains unrecognized parameter: [sort]"})
  @DisplayName("bad paging values and unknown parameters answer 400 illegal_argument_exception")
  void badParameters(String query, String reason) {
    api.get("/_connector?" + query).assertError(400, "illegal_argument_exception", reason);
  }

  @Test
  @DisplayName("an invalid index name filter answers 400 action_request_validation_exception")
  void invalidIndexNameFilter() {
    api.get("/_connector?index_name=Bad").assertError(400, "action_request_validation_exception",
        "Validation Failed: 1: Invalid index name [Bad], must be lowercase;");
  }

  @Test
  @DisplayName("size=10000 is the largest page")
  void largestPage() {
    assertThat(list("&size=10000").getLong("count")).isEqualTo(4);
  }
}
