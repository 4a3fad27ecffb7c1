package dev.connectors.fleet;

import static dev.connectors.support.Auth.as;
import static dev.connectors.support.Auth.basic;
import static dev.connectors.support.Auth.createKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.config.DatabaseUrl;
import dev.connectors.support.Api;
import dev.connectors.support.Browser;
import dev.connectors.support.ServiceInstances;
import dev.connectors.support.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

@DisplayName("The fleet dashboard (/_fleet, beyond Elasticsearch) in a real Chromium")
class FleetDashboardTest {

  private static final Map<String, String> ADMIN = basic("elastic", "s3cret-admin");
  private static final Duration LIVE = Duration.ofSeconds(2);

  private static DatabaseUrl database;
  private static ServiceInstances instances;
  private static Api api;
  private Browser browser;

  @BeforeAll
  static void start() throws Exception {
    database = TestDatabase.fresh("fleet_dashboard");
    instances = ServiceInstances.start(1, FleetDashboardTest.class, Map.of("DATABASE_URL", database.url(),
        "SECURITY_ENABLED", "true", "ADMIN_PASSWORD", "s3cret-admin", "HOUSEKEEPING_INTERVAL", "200ms", "WATCH_HEARTBEAT", "1s"));
    api = instances.get(0).api();
  }

  @AfterAll
  static void stop() throws Exception {
    instances.close();
  }

  @BeforeEach
  void openBrowser() {
    browser = Browser.start(1280, 1000);
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  private static String url() {
    return "http://127.0.0.1:" + instances.get(0).service().port() + "/_fleet";
  }

  private static String connector(String name) {
    String id = name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(as(api, ADMIN, "PUT", "/_connector/" + id, "{\"name\":\"" + name + "\",\"index_name\":\"search-"
        + id + "\",\"service_type\":\"google_drive\"}").status()).isEqualTo(201);
    return id;
  }

  private static void fail(String id, String error) {
    assertThat(as(api, ADMIN, "PUT", "/_connector/" + id + "/_error", "{\"error\":\"" + error + "\"}").status())
        .isEqualTo(200);
  }

  private static long errors() {
    return (Long) TestDatabase.rowIn(database, "SELECT count(*) AS n FROM connectors WHERE NOT deleted AND status = 'error'")
        .get("n");
  }

  private void logInWithPassword() {
    WebDriver page = browser.driver();
    page.get(url());
    browser.await(LIVE, d -> d.findElement(By.id("password")).isDisplayed());
    page.findElement(By.id("password")).sendKeys("s3cret-admin");
    page.findElement(By.cssSelector("#login button[type=submit]")).click();
    browser.await(LIVE, d -> "live".equals(d.findElement(By.id("connection")).getAttribute("data-state")));
    assertThat(page.findElement(By.id("login")).isDisplayed()).as("the login form goes away").isFalse();
  }

  private String tile(String name) {
    return browser.driver().findElement(By.cssSelector("[data-tile=\"" + name + "\"] .value")).getText();
  }

  private WebElement row(String id) {
    List<WebElement> rows = browser.driver().findElements(By.cssSelector("#connectors tbody tr[data-id=\"" + id + "\"]"));
    return rows.isEmpty() ? null : rows.get(0);
  }

  private String field(String id, String field) {
    WebElement row = row(id);
    return row == null ? null : row.findElement(By.cssSelector("[data-field=\"" + field + "\"]")).getText();
  }

  @Test
  @DisplayName("after a password login, the tiles count the fleet and the failing connectors are listed with their errors")
  void showsTheFleet() throws Exception {
    String failing = connector("Drive");
    String alsoFailing = connector("Share");
    String fine = connector("Jira");
    fail(failing, "disk full");
    fail(alsoFailing, "token expired");
    logInWithPassword();
    long expected = errors();
    browser.await(LIVE, d -> tile("connectors-error").equals(Long.toString(expected)));
    assertThat(field(failing, "error")).isEqualTo("disk full");
    assertThat(field(alsoFailing, "error")).isEqualTo("token expired");
    assertThat(field(failing, "status")).isEqualTo("error");
    assertThat(row(fine)).as("a connector without an error is not among those needing attention").isNull();
    assertThat(tile("connectors-total")).isEqualTo(Long.toString((Long) TestDatabase.rowIn(database,
        "SELECT count(*) AS n FROM connectors WHERE NOT deleted").get("n")));
    assertThat(((JavascriptExecutor) browser.driver()).executeScript("return location.href")).asString()
        .doesNotContain("s3cret");
    browser.screenshot("fleet-dashboard");

    row(failing).sendKeys(Keys.ENTER); // rows are reached and opened by keyboard
    browser.await(LIVE, d -> d.findElement(By.id("details")).isDisplayed());
    assertThat(browser.driver().findElement(By.id("history")).getText()).contains("disk full").contains("→ error");
    assertThat(browser.driver().findElement(By.id("fields")).getText()).contains("search-" + failing);
  }

  @Test
  @DisplayName("on a phone's screen the page fits its width: no sideways scrolling")
  void phone() throws Exception {
    browser.close();
    browser = Browser.start(390, 844);
    fail(connector("Phone"), "seen on a phone");
    logInWithPassword();
    browser.await(LIVE, d -> !d.findElements(By.cssSelector("#connectors tbody tr")).isEmpty());
    Object overflow = ((JavascriptExecutor) browser.driver()).executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(((Number) overflow).longValue()).isLessThanOrEqualTo(0);
    browser.screenshot("fleet-dashboard-phone");
  }

  @Test
  @DisplayName("a change made through the API shows in the page within 2 s, without a reload: the row and the tile")
  void live() throws Exception {
    String failing = connector("Box");
    fail(failing, "first failure");
    String healthy = connector("Notion");
    logInWithPassword();
    browser.await(LIVE, d -> "first failure".equals(field(failing, "error")));
    String errorsBefore = tile("connectors-error");
    ((JavascriptExecutor) browser.driver()).executeScript("window.notReloaded = true");

    fail(failing, "second failure");
    browser.await(LIVE, d -> "second failure".equals(field(failing, "error")));
    fail(healthy, "now failing too");
    browser.await(LIVE, d -> "now failing too".equals(field(healthy, "error")));
    browser.await(LIVE, d -> tile("connectors-error").equals(Long.toString(Long.parseLong(errorsBefore) + 1)));
    assertThat(((JavascriptExecutor) browser.driver()).executeScript("return window.notReloaded")).isEqualTo(true);
    browser.screenshot("fleet-dashboard-live");
  }

  @Test
  @DisplayName("a connector-scoped key, entered once in the page, sees its own connector and no other; when the key "
      + "is invalidated the page says it is disconnected")
  void scopedKey() throws Exception {
    String mine = connector("Mine");
    String theirs = connector("Theirs");
    fail(mine, "mine failed");
    fail(theirs, "theirs failed");
    JsonObject key = createKey(api, ADMIN, new JsonObject().put("name", "dashboard-" + mine).put("role_descriptors",
        new JsonObject().put("r", new JsonObject().put("cluster", new JsonArray().add("monitor_connector"))
            .put("connectors", new JsonArray().add(mine)))));
    WebDriver page = browser.driver();
    page.get(url());
    browser.await(LIVE, d -> d.findElement(By.id("api-key")).isDisplayed());
    page.findElement(By.id("api-key")).sendKeys(key.getString("encoded"));
    page.findElement(By.cssSelector("#login button[type=submit]")).click();
    browser.await(LIVE, d -> "mine failed".equals(field(mine, "error")));
    assertThat(row(theirs)).isNull();
    assertThat(tile("connectors-total")).isEqualTo("1");
    assertThat(((JavascriptExecutor) page).executeScript("return document.cookie")).isEqualTo("");
    fail(theirs, "theirs again");
    fail(mine, "mine again");
    browser.await(LIVE, d -> "mine again".equals(field(mine, "error")));
    assertThat(row(theirs)).isNull();
    browser.screenshot("fleet-dashboard-scoped");
    assertThat(as(api, ADMIN, "DELETE", "/_security/api_key", new JsonObject().put("ids", new JsonArray()
        .add(key.getString("id"))).encode()).status()).isEqualTo(200);
    browser.await(Duration.ofSeconds(5), d -> "disconnected".equals(d.findElement(By.id("connection"))
        .getAttribute("data-state")));
    assertThat(page.findElement(By.id("connection")).getText()).contains("disconnected");
  }
}
