package dev.connectors.model;

/**
 * A request for the store verticle, sent over the event bus and answered with a reply of type
 * {@code R}. Commands and replies stay inside one JVM and pass by reference (see the store's
 * local codec), so they are immutable records.
 */
public interface StoreCommand<R> {
}
