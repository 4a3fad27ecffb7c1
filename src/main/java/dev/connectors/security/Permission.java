package dev.connectors.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a caller may do, as layers of roles: within a layer the roles add up (any role that
 * grants an action on a connector allows it, as Elasticsearch unions roles), and every layer
 * must allow it. A key's first layer is its own role descriptors, the layers after it are what
 * its creator held when the key was made (Elasticsearch's {@code limited_by}), so a key can never
 * do more than its creator, connector scope included, however many keys deep.
 */
public record Permission(List<List<Role>> layers) {

  public static final Permission SUPERUSER = new Permission(List.of(List.of(Role.SUPERUSER)));

  public Permission {
    layers = layers.stream().map(List::copyOf).toList();
  }

  /** Whether the action is allowed on this connector (null: a call about no one connector). */
  public boolean allows(Action action, String connectorId) {
    return layers.stream().allMatch(layer -> layer.stream().anyMatch(role -> role.grants(action, connectorId)));
  }

  /**
   * The connectors on which the action is allowed: null when on every one, else those that every
   * layer allows (possibly none). What a connector-scoped key sees of fleet-wide reads.
   */
  public Set<String> connectorsAllowing(Action action) {
    Set<String> allowed = null;
    for (List<Role> layer : layers) {
      if (layer.stream().anyMatch(role -> role.grantsEverywhere(action))) {
        continue;
      }
      Set<String> inLayer = new TreeSet<>();
      layer.stream().filter(role -> role.connectors() != null)
          .forEach(role -> role.connectors().stream().filter(id -> role.grants(action, id)).forEach(inLayer::add));
      if (allowed == null) {
        allowed = inLayer;
      } else {
        allowed.retainAll(inLayer);
      }
    }
    return allowed;
  }

  boolean allowsEverywhere(Action action) {
    return layers.stream().allMatch(layer -> layer.stream().anyMatch(role -> role.grantsEverywhere(action)));
  }

  /** Whether everything {@code role} grants is allowed here: a caller may not grant more. */
  public boolean covers(Role role) {
    for (String privilege : role.cluster()) {
      for (Action action : Action.grantedBy(privilege)) {
        boolean covered = role.connectors() == null || !action.aboutConnectors()
            ? allowsEverywhere(action)
            : role.connectors().stream().allMatch(id -> allows(action, id));
        if (!covered) {
          return false;
        }
      }
    }
    return true;
  }

  /** A key made with these roles by a caller holding this permission. */
  public Permission restrictedTo(List<Role> roles) {
    List<List<Role>> limited = new ArrayList<>();
    limited.add(roles);
    limited.addAll(layers);
    return new Permission(limited);
  }

  /** The privilege names of the first layer, for {@code _authenticate}. */
  public Set<String> clusterPrivileges() {
    Set<String> names = new TreeSet<>();
    layers.get(0).forEach(role -> names.addAll(role.cluster()));
    return names;
  }

  /** The connectors the first layer names, or null when some role of it reaches every connector. */
  public List<String> connectors() {
    Set<String> ids = new TreeSet<>();
    for (Role role : layers.get(0)) {
      if (role.connectors() == null) {
        return null;
      }
      ids.addAll(role.connectors());
    }
    return List.copyOf(ids);
  }

  public JsonObject toJson() {
    JsonArray stored = new JsonArray();
    layers.forEach(layer -> stored.add(new JsonArray(layer.stream().map(Role::toJson).toList())));
    return new JsonObject().put("layers", stored);
  }

  public static Permission fromJson(JsonObject json) {
    List<List<Role>> layers = new ArrayList<>();
    json.getJsonArray("layers").forEach(layer -> layers.add(((JsonArray) layer).stream()
        .map(role -> Role.fromJson((JsonObject) role)).toList()));
    return new Permission(layers);
  }
}
