package dev.connectors.model;

import java.util.List;
import java.util.Set;

/**
 * What a caller may do: Elasticsearch's cluster privileges ({@code all}, {@code manage_security},
 * {@code manage_connector}, {@code monitor_connector}), and, when {@code connectors} is not
 * null, only on those connector ids.
 */
public record Privileges(Set<String> cluster, List<String> connectors) {

  public static final Set<String> KNOWN = Set.of("all", "manage_security", "manage_connector", "monitor_connector");
  public static final Privileges SUPERUSER = new Privileges(Set.of("all"), null);

  public boolean canManageSecurity() {
    return cluster.contains("all") || cluster.contains("manage_security");
  }

  public boolean canReadConnectors() {
    return canWriteConnectors() || cluster.contains("monitor_connector");
  }

  public boolean canWriteConnectors() {
    return cluster.contains("all") || cluster.contains("manage_connector");
  }

  /** True when the caller may touch this connector id (null: an endpoint about no one connector). */
  public boolean reaches(String connectorId) {
    return connectors == null || (connectorId != null && connectors.contains(connectorId));
  }
}
