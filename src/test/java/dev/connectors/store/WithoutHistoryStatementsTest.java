package dev.connectors.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectors.model.ConnectorUpdate;
import dev.connectors.support.ServiceTest;
import dev.connectors.support.TestDatabase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The connector statements without error history (ERROR_HISTORY_MAX=0)")
class WithoutHistoryStatementsTest extends ServiceTest { // the service migrates the test database

  @Test
  @DisplayName("every one writes no entry and PostgreSQL accepts it")
  void cutCleanly() {
    assertThat(SqlQueries.UPDATE_ERRORS).contains("connector_error_history");
    prepare("update_errors", SqlQueries.UPDATE_ERRORS_WITHOUT_HISTORY);
    for (ConnectorUpdate update : ConnectorUpdate.values()) {
      if (update != ConnectorUpdate.CHECK_IN) {
        assertThat(SqlQueries.update(update, true)).as(update.name()).contains("connector_error_history");
        prepare(update.name(), SqlQueries.update(update, false));
      }
    }
  }

  private static void prepare(String name, String sql) {
    assertThat(sql).as(name).doesNotContain("connector_error_history");
    TestDatabase.execute(TestDatabase.url(), "PREPARE without_history_" + name.toLowerCase() + " AS " + sql);
  }
}
