package dev.connectors.store;

import dev.connectors.model.ListConnectors;
import dev.connectors.model.SyncJobCommands.ListSyncJobs;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.model.ConnectorUpdate;
import dev.connectors.model.SyncJobCommands.SyncJobUpdate;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Some statements are put together from parts in {@link SqlQueries}; {@code docs/statements.sql}
 * holds every statement exactly as it runs, so a reviewer reads the SQL itself. This test keeps
 * the file true: it fails when the code's statements and the file differ
 * ({@code mvn test -Dtest=StatementsFileTest -Dstatements.write=true} rewrites it).
 */
@DisplayName("docs/statements.sql holds every statement exactly as it runs")
class StatementsFileTest {

  private static final Path FILE = Path.of("docs", "statements.sql");

  @Test
  @DisplayName("the file matches the statements the code runs")
  void upToDate() throws Exception {
    String expected = render();
    if (Boolean.getBoolean("statements.write")) {
      Files.writeString(FILE, expected);
    }
    assertThat(Files.readString(FILE)).as("docs/statements.sql is out of date: rerun with -Dstatements.write=true")
        .isEqualTo(expected);
  }

  private static String render() throws IllegalAccessException {
    StringBuilder out = new StringBuilder("-- Every SQL statement connector-service runs, generated from store/SqlQueries\n"
        + "-- by StatementsFileTest (which fails when this file is out of date). $n are parameters.\n");
    for (Field field : SqlQueries.class.getDeclaredFields()) {
      if (field.getType() == String.class && Modifier.isStatic(field.getModifiers()) && !Modifier.isPrivate(field.getModifiers())
          && !field.getName().endsWith("_COLUMNS")) {
        field.setAccessible(true);
        section(out, field.getName(), (String) field.get(null));
      }
    }
    section(out, "list connectors, no filter", SqlQueries.listConnectors(
        ListConnectors.elasticsearch(0, 100, List.of(), List.of(), List.of(), null, false)).sql());
    section(out, "list connectors, every filter (each one is left out when the request does not set it)",
        SqlQueries.listConnectors(ListConnectors.elasticsearch(0, 100, List.of("i"), List.of("n"), List.of("s"), "q", true)).sql());
    section(out, "list connectors, the filters beyond Elasticsearch, continuing after a named connector",
        SqlQueries.listConnectors(new ListConnectors(0, 100, List.of(), List.of(), List.of(), null, false,
            List.of("error"), true, java.time.Duration.ofMinutes(30), new ListConnectors.After("i", "c"), List.of("c1", "c2"))).sql());
    section(out, "list connectors, continuing after one without an index name",
        SqlQueries.listConnectors(new ListConnectors(0, 100, List.of(), List.of(), List.of(), null, false,
            List.of(), null, java.time.Duration.ZERO, new ListConnectors.After(null, "c"), null)).sql());
    section(out, "list sync jobs, every filter (each one is left out when the request does not set it)",
        SqlQueries.listSyncJobs(new ListSyncJobs(0, 100, "pending", "c", List.of("full"), null, null)).sql());
    section(out, "list sync jobs, continuing after a job",
        SqlQueries.listSyncJobs(new ListSyncJobs(0, 100, null, null, List.of(), new ListSyncJobs.After(0, "j"), List.of("c1"))).sql());
    section(out, "fleet counts of a connector-scoped key", SqlQueries.fleetCounts(true));
    for (ConnectorUpdate update : ConnectorUpdate.values()) {
      if (update != ConnectorUpdate.CHECK_IN) {
        section(out, "update connector: " + update, SqlQueries.update(update, true));
      }
    }
    for (SyncJobUpdate update : SyncJobUpdate.values()) {
      section(out, "update sync job: " + update, SqlQueries.update(update));
    }
    return out.toString();
  }

  private static void section(StringBuilder out, String name, String sql) {
    out.append("\n-- ").append(name).append('\n').append(sql.strip()).append(";\n");
  }
}
