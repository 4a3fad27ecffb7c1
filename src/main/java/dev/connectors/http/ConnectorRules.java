package dev.connectors.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Elasticsearch's request rules for a connector that are checked before the store: the
 * description's length, and the index prefix of an Elastic-managed (native) connector. The
 * same prefix rule on {@code _native} and {@code _index_name} needs the stored row, so it runs
 * in their statements ({@code SqlQueries.managedIndexPrefix}).
 */
final class ConnectorRules {

  static final int MAX_DESCRIPTION_CHARS = 8192;
  static final String MANAGED_INDEX_PREFIX = "content-";

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
    if (isNative && indexName != null && !indexName.startsWith(MANAGED_INDEX_PREFIX)) {
      errors.add("Index [" + indexName + "] is invalid. Index attached to an Elastic-managed connector must start "
          + "with the prefix: [" + MANAGED_INDEX_PREFIX + "]");
    }
    if (!errors.isEmpty()) {
      throw ApiException.validation(errors);
    }
  }
}
