package dev.connectors.http;

import dev.connectors.model.ManagedConnectorIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * Elasticsearch's request rules for a new connector that are checked before the store: the
 * description's length, and the index prefix of an Elastic-managed (native) connector
 * ({@link ManagedConnectorIndex}, which also gives the rule to the statements of {@code _native}
 * and {@code _index_name}).
 */
final class ConnectorRules {

  static final int MAX_DESCRIPTION_CHARS = 8192;

  private ConnectorRules() {
  }

  static void checkDescription(String description) {
    checkNewConnector(description, false, null);
  }

  /** Create: all that is wrong, numbered as Elasticsearch numbers validation errors. */
  static void checkNewConnector(String description, boolean isNative, String indexName) {
    List<String> errors = new ArrayList<>();
    if (description != null && description.length() > MAX_DESCRIPTION_CHARS) {
      errors.add("[description] cannot be longer than " + MAX_DESCRIPTION_CHARS + " characters.");
    }
    String managed = ManagedConnectorIndex.violation(isNative, indexName);
    if (managed != null) {
      errors.add(managed);
    }
    if (!errors.isEmpty()) {
      throw ApiException.validation(errors);
    }
  }
}
