package dev.connectors.model;

import io.vertx.core.json.JsonObject;

/**
 * One partial update of a live connector. {@code patch} holds the request's fields, already
 * checked, under their JSON names; a field left out of the request is absent from the patch,
 * and the statement for {@code update} keeps the stored value for it.
 */
public record UpdateConnector(String id, ConnectorUpdate update, JsonObject patch)
    implements StoreCommand<WriteResult> {
}
