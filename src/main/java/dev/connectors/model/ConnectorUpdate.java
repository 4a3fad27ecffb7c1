package dev.connectors.model;

/** The partial updates of a connector, one per {@code PUT /_connector/{id}/<suffix>} endpoint. */
public enum ConnectorUpdate {
  CHECK_IN,
  STATUS,
  NAME,
  INDEX_NAME,
  SERVICE_TYPE,
  NATIVE,
  API_KEY_ID,
  FEATURES,
  PIPELINE,
  SCHEDULING,
  CONFIGURATION,
  FILTERING,
  FILTERING_ACTIVATE,
  FILTERING_VALIDATION,
  LAST_SYNC
}
