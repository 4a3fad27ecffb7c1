package dev.connectors.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** A connector sync job as {@code GET /_connector/_sync_job/{id}} shows it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SyncJob(
    String id,
    Instant cancelationRequestedAt,
    Instant canceledAt,
    Instant completedAt,
    Object connector,
    Instant createdAt,
    long deletedDocumentCount,
    String error,
    long indexedDocumentCount,
    long indexedDocumentVolume,
    String jobType,
    Instant lastSeen,
    Object metadata,
    Instant startedAt,
    String status,
    long totalDocumentCount,
    String triggerMethod,
    String workerHostname) {
}
