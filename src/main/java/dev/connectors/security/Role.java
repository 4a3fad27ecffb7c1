package dev.connectors.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One role of a key: cluster privileges (only those that mean something here, see
 * {@link Action#GRANTED_BY}), and, when {@code connectors} is not null, only on those
 * connector ids. A role's privileges never apply to another role's connectors.
 */
public record Role(Set<String> cluster, List<String> connectors) {

  public static final Role SUPERUSER = new Role(Set.of("all"), null);

  public Role {
    cluster = Set.copyOf(cluster);
    connectors = connectors == null ? null : List.copyOf(connectors);
  }

  boolean grants(Action action, String connectorId) {
    return grants(action) && (!action.aboutConnectors() || connectors == null
        || (connectorId != null && connectors.contains(connectorId)));
  }

  /** Grants the action on every connector, not only on some. */
  boolean grantsEverywhere(Action action) {
    return grants(action) && (connectors == null || !action.aboutConnectors());
  }

  private boolean grants(Action action) {
    return cluster.stream().anyMatch(privilege -> Action.grantedBy(privilege).contains(action));
  }

  JsonObject toJson() {
    return new JsonObject().put("cluster", new JsonArray(List.copyOf(new TreeSet<>(cluster))))
        .put("connectors", connectors == null ? null : new JsonArray(connectors));
  }

  static Role fromJson(JsonObject json) {
    JsonArray ids = json.getJsonArray("connectors");
    Set<String> cluster = new TreeSet<>();
    json.getJsonArray("cluster").forEach(privilege -> cluster.add((String) privilege));
    return new Role(cluster, ids == null ? null : ids.stream().map(String.class::cast).toList());
  }
}
