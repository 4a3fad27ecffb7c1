package dev.connectors.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * The connector document as {@code GET /_connector/{id}} shows it: {@code id} first, then every
 * field in alphabetical order, {@code null} where unset. Nested documents ({@code configuration},
 * {@code filtering}, ...) are kept as the JSON values PostgreSQL stores for them.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Connector(
    String id,
    String apiKeyId,
    String apiKeySecretId,
    Object configuration,
    Object customScheduling,
    boolean deleted,
    String description,
    String error,
    Object features,
    Object filtering,
    String indexName,
    boolean isNative,
    String language,
    String lastAccessControlSyncError,
    Instant lastAccessControlSyncScheduledAt,
    String lastAccessControlSyncStatus,
    Long lastDeletedDocumentCount,
    Instant lastIncrementalSyncScheduledAt,
    Long lastIndexedDocumentCount,
    Instant lastSeen,
    String lastSyncError,
    Instant lastSyncScheduledAt,
    String lastSyncStatus,
    Instant lastSynced,
    String name,
    Object pipeline,
    Object scheduling,
    String serviceType,
    String status,
    Object syncCursor,
    boolean syncNow) {
}
