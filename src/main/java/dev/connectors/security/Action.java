package dev.connectors.security;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * What a request does, for authorization, and the privileges that grant it. The names follow
 * Elasticsearch's cluster privileges; {@code ClusterPrivilegeResolver} in Elasticsearch has the
 * same mapping: {@code manage} grants every cluster action but security, {@code monitor}
 * grants no connector action, {@code monitor_connector} grants reads.
 */
public enum Action {
  /** GET of connectors and sync jobs. */
  READ_CONNECTORS,
  /** Every other connector and sync-job call. */
  WRITE_CONNECTORS,
  /** Create, list and invalidate any API key. */
  MANAGE_API_KEYS,
  /** Create API keys bounded by the caller, list and invalidate the keys it created. */
  MANAGE_OWN_API_KEYS,
  /** GET of a connector secret. */
  READ_SECRETS,
  /** POST, PUT and DELETE of connector secrets. */
  WRITE_SECRETS;

  /** The cluster privileges this service gives meaning to, and what each grants. */
  static final Map<String, Set<Action>> GRANTED_BY = Map.of(
      "all", EnumSet.allOf(Action.class),
      // manage grants every cluster action but security's, secrets included; manage_connector
      // excludes the secrets, which have privileges of their own
      "manage", EnumSet.of(READ_CONNECTORS, WRITE_CONNECTORS, READ_SECRETS, WRITE_SECRETS),
      "manage_connector", EnumSet.of(READ_CONNECTORS, WRITE_CONNECTORS),
      "read_connector_secrets", EnumSet.of(READ_SECRETS),
      "write_connector_secrets", EnumSet.of(WRITE_SECRETS),
      "monitor_connector", EnumSet.of(READ_CONNECTORS),
      "manage_security", EnumSet.of(MANAGE_API_KEYS, MANAGE_OWN_API_KEYS),
      "manage_api_key", EnumSet.of(MANAGE_API_KEYS, MANAGE_OWN_API_KEYS),
      "manage_own_api_key", EnumSet.of(MANAGE_OWN_API_KEYS));

  /**
   * Whether a role's {@code connectors} restriction limits the action. Secrets belong to no
   * connector the service could check, so a role limited to some connectors reaches none.
   */
  boolean aboutConnectors() {
    return this == READ_CONNECTORS || this == WRITE_CONNECTORS || this == READ_SECRETS || this == WRITE_SECRETS;
  }

  static Set<Action> grantedBy(String privilege) {
    return GRANTED_BY.getOrDefault(privilege, Set.of());
  }
}
