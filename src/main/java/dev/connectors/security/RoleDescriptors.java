package dev.connectors.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Elasticsearch's {@code role_descriptors}, as Kibana, the connectors CLI and people write them,
 * read into {@link Role}s:
 * <ul>
 *   <li>{@code cluster}: any of Elasticsearch's cluster privilege names (or a {@code cluster:}
 *       action pattern) is accepted; those that mean something here are kept (see
 *       {@link Action#GRANTED_BY}), the others grant nothing here; a name Elasticsearch does not
 *       know is refused, as Elasticsearch refuses it;</li>
 *   <li>{@code indices} (or {@code index}): privileges on the connector indices
 *       ({@code .elastic-connectors*}, {@code .elastic-connectors-sync-jobs*}, or a pattern that
 *       matches them) imply connector privileges: {@code read} and {@code view_index_metadata}
 *       give {@code monitor_connector}; {@code all}, {@code manage}, {@code write}, {@code index},
 *       {@code create}, {@code create_doc} and {@code delete} give {@code manage_connector}; other
 *       indices and privileges grant nothing here and are ignored;</li>
 *   <li>{@code connectors} (this service's own, beyond Elasticsearch): the connector ids the
 *       role is limited to;</li>
 *   <li>the other fields of Elasticsearch's shape are accepted and ignored; any other field is
 *       refused.</li>
 * </ul>
 */
public final class RoleDescriptors {

  /** Elasticsearch 9's cluster privilege names ({@code ClusterPrivilegeResolver}). */
  private static final Set<String> ELASTICSEARCH_CLUSTER_PRIVILEGES = Set.of(
      "all", "cancel_task", "create_snapshot", "cross_cluster_replication", "cross_cluster_search",
      "delegate_pki", "grant_api_key", "manage", "manage_api_key", "manage_autoscaling",
      "manage_behavioral_analytics", "manage_ccr", "manage_connector", "manage_data_frame_transforms",
      "manage_data_stream_global_retention", "manage_enrich", "manage_esql", "manage_ilm",
      "manage_index_templates", "manage_inference", "manage_ingest_pipelines", "manage_logstash_pipelines",
      "manage_ml", "manage_oidc", "manage_own_api_key", "manage_pipeline", "manage_rollup", "manage_saml",
      "manage_search_application", "manage_search_query_rules", "manage_search_synonyms", "manage_security",
      "manage_service_account", "manage_slm", "manage_token", "manage_transform", "manage_user_profile",
      "manage_watcher", "monitor", "monitor_connector", "monitor_data_frame_transforms",
      "monitor_data_stream_global_retention", "monitor_enrich", "monitor_esql", "monitor_inference",
      "monitor_ml", "monitor_rollup", "monitor_snapshot", "monitor_stats", "monitor_text_structure",
      "monitor_transform", "monitor_watcher", "none", "post_behavioral_analytics_event", "read_ccr",
      "read_connector_secrets", "read_fleet_secrets", "read_ilm", "read_pipeline", "read_security",
      "read_slm", "transport_client", "write_connector_secrets", "write_fleet_secrets");

  private static final Set<String> IGNORED_FIELDS = Set.of("applications", "run_as", "metadata",
      "transient_metadata", "remote_indices", "remote_cluster", "description", "restriction", "global");

  private static final Set<String> CONNECTOR_INDICES = Set.of(
      ".elastic-connectors", ".elastic-connectors-v1", ".elastic-connectors-sync-jobs",
      ".elastic-connectors-sync-jobs-v1");

  private static final Map<String, String> INDEX_PRIVILEGES = Map.of(
      "read", "monitor_connector", "view_index_metadata", "monitor_connector",
      "all", "manage_connector", "manage", "manage_connector", "write", "manage_connector",
      "index", "manage_connector", "create", "manage_connector", "create_doc", "manage_connector",
      "delete", "manage_connector");

  private RoleDescriptors() {
  }

  /** The roles of a {@code role_descriptors} object; a malformed one fails with the reason. */
  public static List<Role> parse(JsonObject descriptors) {
    List<Role> roles = new ArrayList<>();
    for (String name : new TreeSet<>(descriptors.fieldNames())) {
      if (!(descriptors.getValue(name) instanceof JsonObject descriptor)) {
        throw new InvalidRoleDescriptor("failed to parse role [" + name + "]. expected an object");
      }
      roles.add(role(name, descriptor));
    }
    return roles;
  }

  private static Role role(String name, JsonObject descriptor) {
    Set<String> cluster = new TreeSet<>();
    List<String> connectors = null;
    for (String field : descriptor.fieldNames()) {
      Object value = descriptor.getValue(field);
      switch (field) {
        case "cluster" -> strings(name, field, value).forEach(privilege -> cluster.add(clusterPrivilege(privilege)));
        case "indices", "index" -> indexPrivileges(name, field, value).forEach(cluster::add);
        case "connectors" -> connectors = value == null ? null : strings(name, field, value);
        default -> {
          if (!IGNORED_FIELDS.contains(field)) {
            throw new InvalidRoleDescriptor("failed to parse role [" + name + "]. unexpected field [" + field + "]");
          }
        }
      }
    }
    cluster.retainAll(Action.GRANTED_BY.keySet());
    return new Role(cluster, connectors);
  }

  private static String clusterPrivilege(String privilege) {
    if (!ELASTICSEARCH_CLUSTER_PRIVILEGES.contains(privilege) && !privilege.startsWith("cluster:")) {
      throw new InvalidRoleDescriptor("unknown cluster privilege [" + privilege + "]. a privilege must be either "
          + "one of the predefined cluster privilege names " + new TreeSet<>(ELASTICSEARCH_CLUSTER_PRIVILEGES)
          + " or a pattern over one of the available cluster actions");
    }
    return privilege;
  }

  private static List<String> indexPrivileges(String role, String field, Object value) {
    if (!(value instanceof JsonArray entries)) {
      throw new InvalidRoleDescriptor("failed to parse indices privileges for role [" + role
          + "]. expected field [" + field + "] value to be an array, but found [" + describe(value) + "] instead");
    }
    List<String> granted = new ArrayList<>();
    for (Object entry : entries) {
      if (!(entry instanceof JsonObject privileges)) {
        throw new InvalidRoleDescriptor("failed to parse indices privileges for role [" + role
            + "]. expected an object but found [" + describe(entry) + "] instead");
      }
      Object names = privileges.getValue("names");
      List<String> patterns = names instanceof String single ? List.of(single) : strings(role, "names", names);
      List<String> named = strings(role, "privileges", privileges.getValue("privileges"));
      if (patterns.stream().anyMatch(RoleDescriptors::matchesConnectorIndex)) {
        named.stream().map(INDEX_PRIVILEGES::get).filter(p -> p != null).forEach(granted::add);
      }
    }
    return granted;
  }

  private static boolean matchesConnectorIndex(String pattern) {
    Pattern glob = Pattern.compile(Pattern.quote(pattern).replace("*", "\\E.*\\Q"));
    return CONNECTOR_INDICES.stream().anyMatch(index -> glob.matcher(index).matches());
  }

  private static List<String> strings(String role, String field, Object value) {
    Function<Object, InvalidRoleDescriptor> invalid = found -> new InvalidRoleDescriptor("failed to parse role ["
        + role + "]. expected field [" + field + "] to be an array of strings, but found [" + describe(found) + "]");
    if (!(value instanceof JsonArray array)) {
      throw invalid.apply(value);
    }
    List<String> strings = new ArrayList<>();
    for (Object element : array) {
      if (!(element instanceof String text)) {
        throw invalid.apply(element);
      }
      strings.add(text);
    }
    return strings;
  }

  private static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    return value instanceof JsonObject ? "object" : value instanceof JsonArray ? "array"
        : value instanceof String ? "string" : value instanceof Boolean ? "boolean" : "number";
  }

  /** A role descriptor Elasticsearch would refuse; the HTTP side answers 400. */
  public static final class InvalidRoleDescriptor extends RuntimeException {
    InvalidRoleDescriptor(String message) {
      super(message, null, false, false);
    }
  }
}
