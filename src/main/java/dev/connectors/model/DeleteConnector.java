package dev.connectors.model;

/** Soft-delete a connector (mark it deleted), or remove its row when {@code hard} is set. */
public record DeleteConnector(String id, boolean hard, boolean deleteSyncJobs)
    implements StoreCommand<WriteResult> {
}
