package dev.connectors.model;

/** Is the database reachable and migrated? Answered with true, or a failure. */
public record CheckReady() implements StoreCommand<Boolean> {
}
