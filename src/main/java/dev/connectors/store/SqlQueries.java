package dev.connectors.store;

import dev.connectors.model.ConnectorStatus;
import dev.connectors.model.ConnectorUpdate;
import dev.connectors.model.IndexCommands.Count;
import dev.connectors.model.IndexCommands.Search;
import dev.connectors.model.IndexView;
import dev.connectors.model.ListConnectors;
import dev.connectors.model.SyncJobCommands.ListSyncJobs;
import dev.connectors.model.ManagedConnectorIndex;
import dev.connectors.model.SyncJobCommands.SyncJobUpdate;
import dev.connectors.model.SyncJobStatus;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Every SQL statement the service runs, in one place. Each command is one statement. */
final class SqlQueries {

  private SqlQueries() {
  }

  /** Readiness: the database answers, the migrations are in place, and it takes writes. */
  static final String READY = """
      SELECT (SELECT count(*) FROM flyway_schema_history WHERE success) AS migrations,
             pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on' AS read_only""";

  /**
   * A connector document's columns, in the order {@link Rows#toConnector} reads them. The jsonb
   * columns come as text: the client would parse them on the event loop that reads the rows,
   * while {@link Rows} parses them wherever the rows are mapped (a list page, off the loop).
   */
  static final String CONNECTOR_COLUMNS = """
      id, api_key_id, api_key_secret_id, configuration::text, custom_scheduling::text, deleted,
      description, error, features::text, filtering::text, index_name, is_native, language,
      last_access_control_sync_error, last_access_control_sync_scheduled_at,
      last_access_control_sync_status, last_deleted_document_count,
      last_incremental_sync_scheduled_at, last_indexed_document_count, last_seen, last_sync_error,
      last_sync_scheduled_at, last_sync_status, last_synced, name, pipeline::text,
      scheduling::text, service_type, status, sync_cursor::text, sync_now""";

  /**
   * Create, or replace an existing connector by a new one: every column not given here goes back
   * to its default, as Elasticsearch's PUT does. {@code xmax = 0} holds only for a fresh insert,
   * so {@code inserted} tells created from updated.
   */
  static final String CREATE_OR_REPLACE_CONNECTOR = """
      INSERT INTO connectors AS c
        (id, name, description, index_name, service_type, language, is_native, status)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (id) DO UPDATE SET
        name = excluded.name, description = excluded.description,
        index_name = excluded.index_name, service_type = excluded.service_type,
        language = excluded.language, is_native = excluded.is_native, status = excluded.status,
        error = excluded.error, api_key_id = excluded.api_key_id,
        api_key_secret_id = excluded.api_key_secret_id, configuration = excluded.configuration,
        custom_scheduling = excluded.custom_scheduling, features = excluded.features,
        filtering = excluded.filtering, pipeline = excluded.pipeline,
        scheduling = excluded.scheduling, sync_cursor = excluded.sync_cursor,
        sync_now = excluded.sync_now, last_seen = excluded.last_seen,
        last_synced = excluded.last_synced, last_sync_status = excluded.last_sync_status,
        last_sync_error = excluded.last_sync_error,
        last_sync_scheduled_at = excluded.last_sync_scheduled_at,
        last_indexed_document_count = excluded.last_indexed_document_count,
        last_deleted_document_count = excluded.last_deleted_document_count,
        last_access_control_sync_status = excluded.last_access_control_sync_status,
        last_access_control_sync_error = excluded.last_access_control_sync_error,
        last_access_control_sync_scheduled_at = excluded.last_access_control_sync_scheduled_at,
        last_incremental_sync_scheduled_at = excluded.last_incremental_sync_scheduled_at,
        deleted = excluded.deleted, created_at = excluded.created_at,
        updated_at = excluded.updated_at
      RETURNING (c.xmax = 0) AS inserted""";

  /**
   * The connectors of a batch of reads ($1, ids), deleted ones too: whether a deleted one is
   * shown is each read's own choice ({@code include_deleted}).
   */
  static final String GET_CONNECTORS = "SELECT " + CONNECTOR_COLUMNS + " FROM connectors WHERE id = ANY($1::text[])";

  /** {@link #GET_CONNECTORS} with each row's sequence number: a batch of the index view's {@code _doc} reads. */
  static final String GET_CONNECTOR_DOCUMENTS = "SELECT " + CONNECTOR_COLUMNS + ", " + "xmin::text::bigint AS seq_no"
      + " FROM connectors WHERE id = ANY($1::text[])";

  /**
   * A page of a live connector's error history, newest first: $1 id, $2 the seq the page starts
   * below (null: the newest), $3 the page size, $4 how many of the newest entries are kept (older
   * ones wait for the pruning pass, unseen). One more row than the page tells that more follow;
   * no page row (a null seq) and {@code found} false: no such connector.
   */
  static final String GET_ERROR_HISTORY = """
      WITH live AS (
        SELECT id FROM connectors WHERE id = $1 AND NOT deleted
      ), kept AS (
        SELECT h.* FROM connector_error_history h WHERE h.connector_id = (SELECT id FROM live)
        ORDER BY h.seq DESC LIMIT $4
      )
      SELECT EXISTS (SELECT 1 FROM live) AS found, (SELECT count(*) FROM kept) AS total, page.*
      FROM (SELECT 1) AS one LEFT JOIN LATERAL (
        SELECT seq, at, status, error, previous_status, previous_error FROM kept
        WHERE $2::bigint IS NULL OR seq < $2 ORDER BY seq DESC LIMIT $3::int + 1
      ) AS page ON true""";

  /**
   * Keeps the newest $2 entries of every connector whose history grew since the entry $1: run
   * on an interval, off the write path. Answers the newest seq, where the next pass starts.
   */
  static final String PRUNE_ERROR_HISTORY = """
      WITH grown AS (
        SELECT DISTINCT connector_id FROM connector_error_history WHERE seq > $1
      ), cut AS (
        SELECT g.connector_id, (SELECT h.seq FROM connector_error_history h WHERE h.connector_id = g.connector_id
                                ORDER BY h.seq DESC OFFSET $2 LIMIT 1) AS last_dropped
        FROM grown g
      ), dropped AS (
        DELETE FROM connector_error_history h USING cut
        WHERE h.connector_id = cut.connector_id AND h.seq <= cut.last_dropped
      )
      SELECT coalesce((SELECT max(seq) FROM connector_error_history), $1) AS newest""";

  /**
   * When a connector was last known alive: its last check-in, else its creation; {@code alias}
   * qualifies the columns ({@code "c."}, or {@code ""}).
   */
  private static String lastActive(String alias) {
    return "coalesce(" + alias + "last_seen, " + alias + "created_at)";
  }

  /**
   * The offline rule, in one place for the counts, the list filter and the announcements: a
   * connector is offline when it was last known alive longer ago than {@code seconds} (a
   * parameter, OFFLINE_AFTER).
   */
  static String offline(String alias, String seconds) {
    return lastActive(alias) + " < now() - make_interval(secs => " + seconds + "::float8)";
  }

  /**
   * The fleet's counts, as one row of named numbers: live connectors in all ({@code total}), by
   * status ({@code connectors_<status>}) and {@code offline} (unseen for $1 seconds); jobs by
   * status ({@code sync_jobs_<status>}), {@code idle} (running, unseen for $2 seconds) and
   * {@code orphaned} (their connector deleted or removed). {@code scope}: only the connectors
   * $3 and their jobs (a connector-scoped key's view).
   */
  static String fleetCounts(boolean scoped) {
    String connectors = Arrays.stream(ConnectorStatus.values())
        .map(s -> "count(*) FILTER (WHERE status = '" + s.wireName() + "') AS connectors_" + s.wireName())
        .collect(Collectors.joining(", "));
    String jobs = Arrays.stream(SyncJobStatus.values())
        .map(s -> "count(*) FILTER (WHERE status = '" + s.wireName() + "') AS sync_jobs_" + s.wireName())
        .collect(Collectors.joining(", "));
    return "SELECT c.*, j.* FROM (SELECT count(*) AS total, " + connectors + ", count(*) FILTER"
        + " (WHERE " + offline("", "$1") + ") AS offline"
        + " FROM connectors WHERE NOT deleted" + (scoped ? " AND id = ANY($3::text[])" : "") + ") AS c,"
        + " (SELECT " + jobs + ", count(*) FILTER (WHERE status IN ('in_progress', 'canceling')"
        + " AND last_seen < now() - make_interval(secs => $2::float8)) AS idle, count(*) FILTER (WHERE"
        + " connector_id IS NULL OR connector_id IN (SELECT id FROM connectors WHERE deleted)) AS orphaned"
        + " FROM sync_jobs" + (scoped ? " WHERE connector_id = ANY($3::text[])" : "") + ") AS j";
  }

  /**
   * Recomputes the fleet's counts ({@link #fleetCounts}, $1 and $2 as there) unless another
   * instance is at it (an advisory lock) or did it less than $3 seconds ago; the counting runs
   * only when this instance takes the turn.
   */
  static final String REFRESH_FLEET_STATS = """
      WITH turn AS (
        SELECT pg_try_advisory_xact_lock(hashtext('connector-service fleet_stats'))
               AND NOT EXISTS (SELECT 1 FROM fleet_stats WHERE computed_at > now() - make_interval(secs => $3::float8))
               AS mine
      )
      INSERT INTO fleet_stats (id, counts, computed_at)
      SELECT 1, (SELECT to_jsonb(counts) FROM ({counts}) AS counts), now() FROM turn WHERE mine
      ON CONFLICT (id) DO UPDATE SET counts = excluded.counts, computed_at = excluded.computed_at"""
      .replace("{counts}", fleetCounts(false));

  /**
   * The housekeeping's turn: each of its statements goes ahead only on the instance that holds
   * this transaction-scoped advisory lock, so that one instance at a time acts and the others
   * stand by (a statement that does not get it changes nothing).
   */
  private static final String HOUSEKEEPING_TURN =
      "turn AS (SELECT pg_try_advisory_xact_lock(hashtext('connector-service housekeeping')) AS mine)";

  /**
   * Up to $3 running jobs unseen for $1 seconds end in {@code error} with the message $2: one
   * small batch, repeated by the caller (a statement for every idle job of a large fleet would
   * outlast its timeout).
   */
  static final String REAP_IDLE_JOBS = "WITH " + HOUSEKEEPING_TURN + """
      , idle AS (
        SELECT id FROM sync_jobs
        WHERE (SELECT mine FROM turn) AND status IN ('in_progress', 'canceling')
          AND last_seen < now() - make_interval(secs => $1::float8)
        LIMIT $3
      )
      UPDATE sync_jobs SET status = 'error', error = $2, updated_at = now()
      WHERE id IN (SELECT id FROM idle) AND status IN ('in_progress', 'canceling')
      RETURNING id""";

  /**
   * Up to $1 unfinished jobs of deleted or removed connectors are canceled, found through the
   * partial indexes on deleted connectors and on jobs without one; repeated by the caller.
   */
  static final String CANCEL_ORPHANED_JOBS = "WITH " + HOUSEKEEPING_TURN + """
      , orphans AS (
        (SELECT j.id FROM sync_jobs j
         WHERE (SELECT mine FROM turn) AND j.connector_id IS NULL AND j.status IN {unfinished})
        UNION ALL
        (SELECT j.id FROM connectors c JOIN sync_jobs j ON j.connector_id = c.id
         WHERE (SELECT mine FROM turn) AND c.deleted AND j.status IN {unfinished})
        LIMIT $1
      )
      UPDATE sync_jobs SET status = 'canceled', canceled_at = now(), updated_at = now()
      WHERE id IN (SELECT id FROM orphans) AND status IN {unfinished}
      RETURNING id""".replace("{unfinished}", "('pending', 'in_progress', 'canceling', 'suspended')");

  /**
   * Up to $2 finished jobs that finished more than $1 seconds ago (completed, canceled, or the
   * last change of a failed one) are deleted: one small batch, repeated by the caller.
   */
  static final String DELETE_EXPIRED_JOBS = "WITH " + HOUSEKEEPING_TURN + """
      , expired AS (
        SELECT id FROM sync_jobs
        WHERE (SELECT mine FROM turn) AND status IN ('completed', 'canceled', 'error')
          AND coalesce(completed_at, canceled_at, updated_at) < now() - make_interval(secs => $1::float8)
        LIMIT $2
      )
      DELETE FROM sync_jobs WHERE id IN (SELECT id FROM expired)
      RETURNING id""";

  /**
   * A change's number in the API ({@code id:} of {@code GET /_connector/_watch}): its transaction
   * id shifted left by 20 bits plus its rank within the transaction — so numbers follow the
   * (xid, seq) order readers take changes in (sql/V10__connector_changes.sql) and stay below
   * 2^53, exact in JavaScript, for the next several billion transactions.
   */
  private static final String CHANGE_NUMBER =
      "(c.xid::text::bigint << 20) + row_number() OVER (PARTITION BY c.xid ORDER BY c.seq)";

  /**
   * Up to $2 changes numbered after $1, oldest first, from transactions that have all ended
   * (older than this snapshot's xmin: nothing can commit among them later); each row also
   * carries {@code horizon}, the number through which changes may have been deleted. No row but
   * the horizon's (its change columns null) when there is nothing new.
   */
  static final String READ_CHANGES = """
      SELECT h.through AS horizon, r.*
      FROM connector_changes_horizon h LEFT JOIN LATERAL (
        SELECT * FROM (
          SELECT {number} AS number, c.connector_id, c.change, c.status, c.error, c.last_seen, c.at
          FROM connector_changes c
          WHERE c.xid >= ($1::bigint >> 20)::text::xid8 AND c.xid < pg_snapshot_xmin(pg_current_snapshot())
          ORDER BY c.xid, c.seq
        ) ranked
        WHERE number > $1
        LIMIT $2
      ) r ON true
      ORDER BY r.number""".replace("{number}", CHANGE_NUMBER);

  /**
   * Where a reader starting now starts: the highest number any change of an ended transaction
   * can have, every later change numbered above it; and the horizon, as in {@link #READ_CHANGES}.
   */
  static final String CHANGES_NOW = """
      SELECT (pg_snapshot_xmin(pg_current_snapshot())::text::bigint << 20) - 1 AS position, through AS horizon
      FROM connector_changes_horizon""";

  /**
   * Deletes the changes of the transactions among the oldest $2 changes that are older than $1
   * seconds — whole transactions, so that the numbers of the rest never move — and moves the
   * horizon to the number of the last one deleted; answers how many were deleted.
   */
  static final String PRUNE_CHANGES = "WITH " + HOUSEKEEPING_TURN + """
      , oldest AS (
        SELECT xid, at FROM connector_changes WHERE (SELECT mine FROM turn) ORDER BY xid, seq LIMIT $2
      ), gone AS (
        DELETE FROM connector_changes
        WHERE xid IN (SELECT xid FROM oldest WHERE at < now() - make_interval(secs => $1::float8))
        RETURNING xid
      ), last_gone AS (
        SELECT (xid::text::bigint << 20) + count(*) AS number FROM gone GROUP BY xid ORDER BY xid DESC LIMIT 1
      ), moved AS (
        UPDATE connector_changes_horizon SET through = greatest(through, (SELECT number FROM last_gone))
        WHERE EXISTS (SELECT 1 FROM last_gone)
      )
      SELECT count(*) AS deleted FROM gone""";

  /**
   * Announces, as changes, the live connectors whose last activity crossed $1 seconds ago since
   * the last pass ({@code offline}) and the announced ones seen since then ({@code online}) —
   * found by one scan of connectors over those two windows (each widened by a minute, for
   * check-ins that were still committing when the last pass looked), not by comparing the fleet
   * with the offline set. Answers how many were announced.
   */
  static final String OFFLINE_TRANSITIONS = "WITH " + HOUSEKEEPING_TURN + """
      , checked AS (
        SELECT at - interval '1 minute' AS since FROM connectors_offline_checked
        WHERE (SELECT mine FROM turn) FOR UPDATE
      ), moved AS (
        SELECT c.id, c.status, c.error, c.last_seen,
               {offline} AS offline
        FROM connectors c, checked
        WHERE NOT c.deleted
          AND ({last_active} > checked.since - make_interval(secs => $1::float8)
                 AND {offline}
               OR c.last_seen > checked.since)
      ), went AS (
        INSERT INTO connectors_offline (connector_id) SELECT id FROM moved WHERE offline
        ON CONFLICT DO NOTHING
        RETURNING connector_id
      ), back AS (
        DELETE FROM connectors_offline WHERE connector_id IN (SELECT id FROM moved WHERE NOT offline)
        RETURNING connector_id
      ), announced AS (
        INSERT INTO connector_changes (connector_id, change, status, error, last_seen)
        SELECT m.id, 'offline', m.status, m.error, m.last_seen FROM went JOIN moved m ON m.id = went.connector_id
        UNION ALL
        SELECT m.id, 'online', m.status, m.error, m.last_seen FROM back JOIN moved m ON m.id = back.connector_id
      ), passed AS (
        UPDATE connectors_offline_checked SET at = now() WHERE EXISTS (SELECT 1 FROM checked)
      )
      SELECT (SELECT count(*) FROM went) + (SELECT count(*) FROM back) AS moved"""
      .replace("{offline}", offline("c.", "$1")).replace("{last_active}", lastActive("c."));

  static final String FLEET_STATS_SNAPSHOT = "SELECT counts, computed_at FROM fleet_stats WHERE id = 1";

  /** $1 id, $2 also delete the connector's sync jobs. */
  static final String SOFT_DELETE_CONNECTOR = """
      WITH deleted AS (
        UPDATE connectors SET deleted = true, updated_at = now()
        WHERE id = $1 AND NOT deleted
        RETURNING id
      ), jobs AS (
        DELETE FROM sync_jobs WHERE $2 AND connector_id IN (SELECT id FROM deleted)
      )
      SELECT id FROM deleted""";

  /**
   * $1 id, $2 also delete the connector's sync jobs (else they keep their connector snapshot);
   * its error history goes with it.
   */
  static final String HARD_DELETE_CONNECTOR = """
      WITH deleted AS (
        DELETE FROM connectors WHERE id = $1 RETURNING id
      ), jobs AS (
        DELETE FROM sync_jobs WHERE $2 AND connector_id IN (SELECT id FROM deleted)
      ), history AS (
        DELETE FROM connector_error_history WHERE connector_id IN (SELECT id FROM deleted)
      )
      SELECT id FROM deleted""";

  /**
   * The update-error API for a batch of requests, in one statement (one prepared statement for
   * any batch size). $1 ids, $2 errors (text or null), $3 statuses, in arrival order; an id may
   * come more than once.
   * <ul>
   *   <li>{@code input}: each request with the values the one before it for the same id set,
   *       and whether it is the first or the last for its id;</li>
   *   <li>{@code target}: the live rows, locked in id order, so that concurrent batches cannot
   *       deadlock;</li>
   *   <li>{@code changed}: writes error and status together, the last request for each id
   *       winning, and only where that differs from the row (a noop writes no row version);</li>
   *   <li>{@code history}: one error-history entry per request that changed something, in
   *       arrival order — the entries a run of the requests one after another would write;</li>
   *   <li>the result: one row per request in arrival order, answering what that request would
   *       have answered as a statement of its own after the ones before it: not found, noop
   *       or updated; and the row's sequence number ({@code xmin}, the index view's
   *       {@code _seq_no}) after it: the batch's transaction id when the batch changed the row,
   *       else the row's {@code xmin}. The batch commits once, so the states of a connector's
   *       earlier requests in it are never seen by anyone: those requests get -2
   *       (Elasticsearch's "unassigned"), which no conditional write can match. (Computing the
   *       final state per connector with window functions cost 40 % of the statement's throughput
   *       at 64 clients; the last request of a connector is already known.)</li>
   * </ul>
   */
  private static final String UPDATE_ERRORS_TEMPLATE = """
      WITH input AS (
        SELECT i.ord, i.id, i.error, i.status,
               lag(i.error) OVER same_id AS previous_error,
               lag(i.status) OVER same_id AS previous_status,
               row_number() OVER same_id = 1 AS first_for_id,
               row_number() OVER (PARTITION BY i.id ORDER BY i.ord DESC) = 1 AS last_for_id
        FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS i(id, error, status, ord)
        WINDOW same_id AS (PARTITION BY i.id ORDER BY i.ord)
      ), target AS (
        SELECT c.id, c.error, c.status, c.xmin::text::bigint AS seq_no FROM connectors c
        WHERE c.id = ANY ($1::text[]) AND NOT c.deleted
        ORDER BY c.id
        FOR NO KEY UPDATE
      ), changed AS (
        UPDATE connectors c SET error = i.error, status = i.status, updated_at = now()
        FROM target t JOIN input i ON i.id = t.id AND i.last_for_id
        WHERE c.id = t.id AND (t.error IS DISTINCT FROM i.error OR t.status <> i.status)
        RETURNING c.id
      ), answers AS (
        SELECT i.ord, i.id, i.error, i.status, t.id IS NOT NULL AS found,
               CASE WHEN i.first_for_id THEN t.status ELSE i.previous_status END AS status_before,
               CASE WHEN i.first_for_id THEN t.error ELSE i.previous_error END AS error_before,
               CASE WHEN NOT i.last_for_id THEN -2
                    WHEN t.error IS DISTINCT FROM i.error OR t.status <> i.status
                    THEN pg_current_xact_id()::text::bigint % 4294967296
                    ELSE t.seq_no END AS seq_no
        FROM input i LEFT JOIN target t ON t.id = i.id
      ){history}
      SELECT ord, found, error_before IS DISTINCT FROM error OR status_before <> status AS changed, seq_no
      FROM answers
      ORDER BY ord""";

  /** The error-history entries of {@link #UPDATE_ERRORS}: one per request that changed something. */
  private static final String BATCH_HISTORY_ENTRIES = """
      , history AS (
        INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
        SELECT id, status, error, status_before, error_before FROM answers
        WHERE found AND (error_before IS DISTINCT FROM error OR status_before <> status)
        ORDER BY ord
      )""";

  static final String UPDATE_ERRORS = UPDATE_ERRORS_TEMPLATE.replace("{history}", BATCH_HISTORY_ENTRIES);

  /** {@link #UPDATE_ERRORS} where no error history is kept ({@code ERROR_HISTORY_MAX=0}). */
  static final String UPDATE_ERRORS_WITHOUT_HISTORY = UPDATE_ERRORS_TEMPLATE.replace("{history}", "");

  /**
   * Check-ins for a batch of requests, in one statement: $1 ids in arrival order (an id may come
   * more than once). The live rows are locked in id order and get {@code last_seen = now()};
   * every request for a live connector is answered "updated" (a check-in always changes
   * {@code last_seen}), the others not found.
   */
  static final String CHECK_INS = """
      WITH input AS (
        SELECT i.ord, i.id FROM unnest($1::text[]) WITH ORDINALITY AS i(id, ord)
      ), target AS (
        SELECT c.id FROM connectors c
        WHERE c.id = ANY ($1::text[]) AND NOT c.deleted
        ORDER BY c.id
        FOR NO KEY UPDATE
      ), changed AS (
        UPDATE connectors c SET last_seen = now(), updated_at = now()
        FROM target t WHERE c.id = t.id
        RETURNING c.id
      )
      SELECT i.ord, t.id IS NOT NULL AS found, true AS changed
      FROM input i LEFT JOIN target t ON t.id = i.id
      ORDER BY i.ord""";

  /**
   * How far a list counts its matches: Elasticsearch's searches for these lists leave
   * {@code track_total_hits} at its default, so {@code count} stops at 10,000 — and so does the
   * work of counting, however many rows match.
   */
  static final int COUNT_UP_TO = 10_000;

  private static String countedUpTo(String table, String filter) {
    return "(SELECT count(*) FROM (SELECT 1 FROM " + table + " WHERE " + filter + " LIMIT " + COUNT_UP_TO
        + ") AS counted)";
  }

  /** A statement and its parameters, put together for one request. */
  record Query(String sql, Tuple args) {
  }

  /**
   * The list statement for the filters a request sets, and only those: a filter left out is not
   * in the statement at all, so PostgreSQL plans every filter with its index, the cached generic
   * plan included (a catch-all {@code cardinality($2) = 0 OR index_name = ANY($2)} cannot use
   * one).
   */
  static Query listConnectors(ListConnectors c) {
    ListFilter filter = new ListFilter();
    if (!c.includeDeleted()) {
      filter.where("NOT deleted");
    }
    filter.anyOf("index_name", c.indexNames());
    filter.anyOf("name", c.names());
    filter.anyOf("service_type", c.serviceTypes());
    if (c.query() != null) {
      String pattern = filter.parameter("%" + likeEscaped(c.query()) + "%") + "::text";
      filter.where("(index_name LIKE " + pattern + " OR name LIKE " + pattern + " OR description LIKE " + pattern + ")");
    }
    filter.anyOf("status", c.statuses());
    filter.within("id", c.scope());
    if (c.offline() != null) {
      filter.where((c.offline() ? "" : "NOT ") + offline("", filter.parameter(c.offlineAfter().toNanos() / 1e9)));
    }
    String order = "index_name, id"; // ascending: a null index name sorts last
    ListConnectors.After after = c.after();
    if (after == null) {
      return filter.page("connectors", CONNECTOR_COLUMNS, order, c.from(), c.size());
    }
    String id = filter.parameter(after.id()) + "::text";
    if (after.indexName() == null) {
      return filter.pageAfter("connectors", CONNECTOR_COLUMNS, order, c.size(), "index_name IS NULL AND id > " + id);
    }
    // the named ones after this one, then those without a name: two index range scans
    return filter.pageAfter("connectors", CONNECTOR_COLUMNS, order, c.size(),
        "(index_name, id) > (" + filter.parameter(after.indexName()) + "::text, " + id + ")", "index_name IS NULL");
  }

  /** The sync-job list, its filters built the same way as {@link #listConnectors}'s. */
  static Query listSyncJobs(ListSyncJobs c) {
    ListFilter filter = new ListFilter();
    if (c.status() != null) {
      filter.where("status = " + filter.parameter(c.status()) + "::text");
    }
    if (c.connectorId() != null) {
      filter.where("connector_id = " + filter.parameter(c.connectorId()) + "::text");
    }
    filter.anyOf("job_type", c.jobTypes());
    filter.within("connector_id", c.scope());
    String order = "created_at DESC, id DESC";
    if (c.after() == null) {
      return filter.page("sync_jobs", SYNC_JOB_COLUMNS, order, c.from(), c.size());
    }
    return filter.pageAfter("sync_jobs", SYNC_JOB_COLUMNS, order, c.size(),
        "(created_at, id) < ('epoch'::timestamptz + " + filter.parameter(c.after().createdAtMicros())
            + "::bigint * interval '1 microsecond', " + filter.parameter(c.after().id()) + "::text)");
  }

  /** The conditions of a list statement and their parameters, numbered as they are added. */
  private static final class ListFilter {
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> args = new ArrayList<>();

    /** The placeholder of a new parameter. */
    String parameter(Object value) {
      args.add(value);
      return "$" + args.size();
    }

    void where(String condition) {
      conditions.add(condition);
    }

    void anyOf(String column, List<String> values) {
      if (!values.isEmpty()) {
        where(column + " = ANY(" + parameter(values.toArray(String[]::new)) + "::text[])");
      }
    }

    /** Only rows whose column is one of {@code allowed}: none when it is empty; null does not filter. */
    void within(String column, List<String> allowed) {
      if (allowed != null) {
        where(column + " = ANY(" + parameter(allowed.toArray(String[]::new)) + "::text[])");
      }
    }

    /**
     * The total (up to {@link #COUNT_UP_TO}) and one page, in one statement: the count comes on
     * every row, and an empty page is one row with a null id. The page holds one record more
     * than asked when more follow, which the caller drops and reports.
     */
    Query page(String table, String columns, String order, int from, int size) {
      String filter = filter();
      String offset = parameter(from);
      String limit = parameter(size + 1);
      return counted(table, columns, filter, "SELECT * FROM " + table + " WHERE " + filter
          + " ORDER BY " + order + " OFFSET " + offset + "::int LIMIT " + limit + "::int");
    }

    /**
     * A page that continues after a record (beyond Elasticsearch): the records of the filter
     * that satisfy any of {@code ranges}, each range read in order up to the page size (an index
     * range scan each, however deep the walk), then merged in order. The total counts the whole
     * filter.
     */
    Query pageAfter(String table, String columns, String order, int size, String... ranges) {
      String filter = filter();
      String limit = parameter(size + 1) + "::int";
      List<String> parts = new ArrayList<>();
      for (String range : ranges) {
        parts.add("(SELECT * FROM " + table + " WHERE " + filter + " AND " + range
            + " ORDER BY " + order + " LIMIT " + limit + ")");
      }
      return counted(table, columns, filter, "SELECT * FROM (" + String.join(" UNION ALL ", parts)
          + ") AS ranges ORDER BY " + order + " LIMIT " + limit);
    }

    private String filter() {
      return conditions.isEmpty() ? "true" : String.join(" AND ", conditions);
    }

    /**
     * The count and the page's {@code columns}, computed from the page's rows only: the rows
     * that {@code OFFSET} skips are still produced by the plan below it, so the page itself
     * selects plain columns and the casts ({@code jsonb::text}, which reads a document whole)
     * happen here — with them inside, {@code from=5000} cost 35 ms instead of 10.
     */
    private Query counted(String table, String columns, String filter, String page) {
      String pageColumns = Arrays.stream(columns.split(","))
          .map(column -> "page." + column.trim())
          .collect(Collectors.joining(", "));
      String sql = "SELECT " + countedUpTo(table, filter) + " AS total, " + pageColumns + " FROM (SELECT 1) AS one"
          + " LEFT JOIN LATERAL (" + page + ") AS page ON true";
      return new Query(sql, Tuple.from(args));
    }
  }

  /** {@code query} is a plain substring: LIKE's own characters in it match themselves. */
  private static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /**
   * A partial update of one live connector, in one statement, for any endpoint: {@code target}
   * locks the row, {@code verdict} computes the rule violation (a reason, or null) and whether
   * the new values differ, {@code changed} writes only when allowed and different. The values
   * are SQL over the locked row {@code t} and the request's patch {@code p} ($2, jsonb).
   */
  private static String conditionalUpdate(String columns, String values, String violation) {
    return conditionalUpdate("connectors", "id = $1 AND NOT deleted", columns, values, violation);
  }

  private static String conditionalUpdate(String table, String live, String columns, String values,
      String violation) {
    String current = Arrays.stream(columns.split(","))
        .map(column -> "t." + column.trim())
        .collect(Collectors.joining(", "));
    return """
        WITH target AS (
          SELECT *, xmin::text::bigint AS seq_no FROM {table} WHERE {live} FOR NO KEY UPDATE
        ), patch AS (
          SELECT $2::jsonb AS p
        ), verdict AS (
          SELECT t.id, ({violation})::text AS violation, ROW({values}) IS DISTINCT FROM ROW({current}) AS differs
          FROM target t CROSS JOIN patch
        ), changed AS (
          UPDATE {table} c SET ({columns}) = ROW({values}), updated_at = now()
          FROM target t CROSS JOIN patch JOIN verdict v ON v.id = t.id
          WHERE c.id = t.id AND v.violation IS NULL AND v.differs
          RETURNING c.*, c.xmin::text::bigint AS new_seq_no
        ){history}
        SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM changed) AS changed,
               (SELECT violation FROM verdict) AS violation,
               coalesce((SELECT new_seq_no FROM changed), (SELECT seq_no FROM target)) AS seq_no"""
        .replace("{history}", table.equals("connectors") ? ERROR_HISTORY_ENTRY : "")
        .replace("{table}", table)
        .replace("{live}", live)
        .replace("{columns}", columns)
        .replace("{current}", current)
        .replace("{violation}", violation)
        .replace("{values}", values);
  }

  /**
   * A connector update's error-history entry, when it changed the error or the status (whatever
   * else it changed): {@code changed} is the row after, {@code target} before.
   */
  private static final String ERROR_HISTORY_ENTRY = """
      , history AS (
        INSERT INTO connector_error_history (connector_id, status, error, previous_status, previous_error)
        SELECT c.id, c.status, c.error, t.status, t.error FROM changed c JOIN target t ON t.id = c.id
        WHERE c.status <> t.status OR c.error IS DISTINCT FROM t.error
      )""";

  /** The patch's field when the request carried it, else the stored value. */
  private static String keep(String column, String newValue) {
    return "CASE WHEN p ? '" + column + "' THEN " + newValue + " ELSE t." + column + " END";
  }

  private static final String NO_VIOLATION = "NULL";

  private static String statusTransitions() {
    return Arrays.stream(ConnectorStatus.values())
        .flatMap(from -> from.next().stream()
            .map(to -> "('" + from.wireName() + "', '" + to.wireName() + "')"))
        .collect(Collectors.joining(", "));
  }

  private static final String CONFIGURATION_AFTER =
      "CASE WHEN p ? 'configuration' THEN p->'configuration' ELSE t.configuration END";

  private static final Map<ConnectorUpdate, String> UPDATES = new EnumMap<>(Map.ofEntries(
      Map.entry(ConnectorUpdate.STATUS, conditionalUpdate("status", "p->>'status'",
          "CASE WHEN (t.status, p->>'status') IN (VALUES " + statusTransitions() + ") THEN NULL"
              + " ELSE 'Invalid transition attempt from [' || t.status || '] to [' || (p->>'status')"
              + " || ']. Such a status transition is not supported by the Connector Protocol.' END")),
      Map.entry(ConnectorUpdate.NAME, conditionalUpdate("name, description",
          keep("name", "coalesce(p->>'name', '')") + ", " + keep("description", "p->>'description'"),
          NO_VIOLATION)),
      Map.entry(ConnectorUpdate.INDEX_NAME, conditionalUpdate("index_name", "p->>'index_name'",
          ManagedConnectorIndex.violationSql("t.is_native", "p->>'index_name'"))),
      Map.entry(ConnectorUpdate.SERVICE_TYPE, conditionalUpdate("service_type, status",
          "p->>'service_type', CASE WHEN t.status = 'created' THEN 'created' ELSE 'needs_configuration' END",
          NO_VIOLATION)),
      Map.entry(ConnectorUpdate.NATIVE, conditionalUpdate("is_native, status",
          "(p->>'is_native')::boolean, CASE WHEN t.status = 'connected' THEN 'configured' ELSE t.status END",
          ManagedConnectorIndex.violationSql("(p->>'is_native')::boolean", "t.index_name"))),
      Map.entry(ConnectorUpdate.API_KEY_ID, conditionalUpdate("api_key_id, api_key_secret_id",
          keep("api_key_id", "p->>'api_key_id'") + ", " + keep("api_key_secret_id", "p->>'api_key_secret_id'"),
          NO_VIOLATION)),
      Map.entry(ConnectorUpdate.FEATURES,
          conditionalUpdate("features", "jsonb_deep_merge(t.features, p->'features')", NO_VIOLATION)),
      // the whole pipeline and scheduling replace the stored ones, as Elasticsearch replaces them
      Map.entry(ConnectorUpdate.PIPELINE, conditionalUpdate("pipeline", "p->'pipeline'", NO_VIOLATION)),
      Map.entry(ConnectorUpdate.SCHEDULING, conditionalUpdate("scheduling", "p->'scheduling'", NO_VIOLATION)),
      Map.entry(ConnectorUpdate.CONFIGURATION, conditionalUpdate("configuration, status",
          "configuration_with_values(" + CONFIGURATION_AFTER + ", p->'values'), 'configured'",
          "unknown_configuration_fields(" + CONFIGURATION_AFTER + ", p->'values')")),
      Map.entry(ConnectorUpdate.FILTERING, conditionalUpdate("filtering",
          "CASE WHEN p ? 'filtering' THEN p->'filtering'"
              + " ELSE filtering_with_draft(t.filtering, p->'rules', p->'advanced_snippet', now()) END",
          NO_VIOLATION)),
      Map.entry(ConnectorUpdate.FILTERING_ACTIVATE, conditionalUpdate("filtering",
          "jsonb_set(t.filtering, '{0,active}', t.filtering->0->'draft')",
          "CASE WHEN t.filtering->0->'draft'->'validation'->>'state' = 'valid' THEN NULL"
              + " ELSE 'Filtering draft needs to be validated by the connector service before activation."
              + " Current filtering draft validation state: ['"
              + " || coalesce(t.filtering->0->'draft'->'validation'->>'state', 'null') || ']' END")),
      Map.entry(ConnectorUpdate.FILTERING_VALIDATION, conditionalUpdate("filtering",
          "jsonb_set(t.filtering, '{0,draft,validation}', p->'validation')", NO_VIOLATION)),
      Map.entry(ConnectorUpdate.LAST_SYNC, conditionalUpdate("""
              last_access_control_sync_error, last_access_control_sync_scheduled_at,
              last_access_control_sync_status, last_deleted_document_count,
              last_incremental_sync_scheduled_at, last_indexed_document_count, last_seen,
              last_sync_error, last_sync_scheduled_at, last_sync_status, last_synced, sync_cursor""",
          String.join(", ",
              keep("last_access_control_sync_error", "p->>'last_access_control_sync_error'"),
              keep("last_access_control_sync_scheduled_at", "(p->>'last_access_control_sync_scheduled_at')::timestamptz"),
              keep("last_access_control_sync_status", "p->>'last_access_control_sync_status'"),
              keep("last_deleted_document_count", "(p->>'last_deleted_document_count')::bigint"),
              keep("last_incremental_sync_scheduled_at", "(p->>'last_incremental_sync_scheduled_at')::timestamptz"),
              keep("last_indexed_document_count", "(p->>'last_indexed_document_count')::bigint"),
              keep("last_seen", "(p->>'last_seen')::timestamptz"),
              keep("last_sync_error", "p->>'last_sync_error'"),
              keep("last_sync_scheduled_at", "(p->>'last_sync_scheduled_at')::timestamptz"),
              keep("last_sync_status", "p->>'last_sync_status'"),
              keep("last_synced", "(p->>'last_synced')::timestamptz"),
              keep("sync_cursor", "nullif(p->'sync_cursor', 'null'::jsonb)")),
          NO_VIOLATION))));

  /** The statement of a partial update; check-ins are coalesced instead ({@link #CHECK_INS}). */
  static String update(ConnectorUpdate update, boolean history) {
    return history ? UPDATES.get(update) : UPDATES.get(update).replace(ERROR_HISTORY_ENTRY, "");
  }

  /** A sync job's columns, its jsonb as text as in {@link #CONNECTOR_COLUMNS}. */
  static final String SYNC_JOB_COLUMNS = """
      id, cancelation_requested_at, canceled_at, completed_at, connector::text, created_at,
      deleted_document_count, error, indexed_document_count, indexed_document_volume, job_type,
      last_seen, metadata::text, started_at, status, total_document_count, trigger_method,
      worker_hostname""";

  /**
   * A pending job for a live connector that has an index and a service type, carrying a snapshot
   * of what a sync needs from it (the active filtering of its DEFAULT domain; an access-control
   * job writes into {@code .search-acl-filter-<index>}, as Elasticsearch sets it). One row: the
   * connector found (or not), its index name and service type, and whether the job was created.
   * $1 job id, $2 connector id, $3 job type, $4 trigger method.
   */
  static final String CREATE_SYNC_JOB = """
      WITH c AS (
        SELECT * FROM connectors WHERE id = $2 AND NOT deleted
      ), created AS (
        INSERT INTO sync_jobs (id, connector_id, connector, job_type, trigger_method, last_seen)
        SELECT $1, c.id, jsonb_build_object(
            'id', c.id, 'configuration', c.configuration, 'filtering', c.filtering->0->'active',
            'index_name', CASE WHEN $3 = 'access_control' THEN '.search-acl-filter-' || c.index_name ELSE c.index_name END,
            'language', c.language, 'pipeline', c.pipeline,
            'service_type', c.service_type, 'sync_cursor', c.sync_cursor),
          $3, $4, now()
        FROM c WHERE coalesce(c.index_name, '') <> '' AND coalesce(c.service_type, '') <> ''
        RETURNING id
      )
      SELECT EXISTS (SELECT 1 FROM c) AS found, (SELECT index_name FROM c) AS index_name,
             (SELECT service_type FROM c) AS service_type, EXISTS (SELECT 1 FROM created) AS created""";

  /**
   * The row $1 if it belongs to one of the connectors {@code scope} names (a parameter, text[];
   * null: any): a connector-scoped key reaches its own connectors' rows only.
   */
  private static String rowWithin(String connectorColumn, String scope) {
    return "id = $1 AND (" + scope + "::text[] IS NULL OR " + connectorColumn + " = ANY(" + scope + "::text[]))";
  }

  static final String GET_SYNC_JOB = "SELECT " + SYNC_JOB_COLUMNS + " FROM sync_jobs WHERE " + rowWithin("connector_id", "$2");

  static final String DELETE_SYNC_JOB = "DELETE FROM sync_jobs WHERE " + rowWithin("connector_id", "$2") + " RETURNING id";

  /** A job update: $1 id, $2 the patch, $3 the scope ({@link #rowWithin}). */
  private static String syncJobUpdate(String columns, String values, String violation) {
    return conditionalUpdate("sync_jobs", rowWithin("connector_id", "$3"), columns, values, violation);
  }

  /** A pending or suspended job is canceled at once; a running one is asked to cancel. */
  private static final String CANCELS_AT_ONCE = "t.status IN ('pending', 'suspended')";

  /** NULL when the job may move to {@code to} from its status; else Elasticsearch's reason. */
  private static String transition(SyncJobStatus to) {
    return "CASE WHEN t.status IN " + to.allowedFromSql() + " THEN NULL ELSE " + to.refusalSql("t.status") + " END";
  }

  private static final Map<SyncJobUpdate, String> SYNC_JOB_UPDATES = new EnumMap<>(Map.of(
      SyncJobUpdate.CANCEL, syncJobUpdate("status, cancelation_requested_at, canceled_at, completed_at",
          "CASE WHEN " + CANCELS_AT_ONCE + " THEN 'canceled' ELSE 'canceling' END, now(),"
              + " CASE WHEN " + CANCELS_AT_ONCE + " THEN now() ELSE t.canceled_at END,"
              + " CASE WHEN " + CANCELS_AT_ONCE + " THEN now() ELSE t.completed_at END",
          "CASE WHEN " + CANCELS_AT_ONCE + " THEN NULL ELSE " + transition(SyncJobStatus.CANCELING) + " END"),
      SyncJobUpdate.CHECK_IN, syncJobUpdate("last_seen", "now()", NO_VIOLATION),
      // pending and suspended jobs may be claimed: one claim wins, the next sees in_progress
      SyncJobUpdate.CLAIM, syncJobUpdate("status, started_at, last_seen, worker_hostname, connector",
          "'in_progress', now(), now(), p->>'worker_hostname',"
              + " CASE WHEN p ? 'sync_cursor' THEN jsonb_set(t.connector, '{sync_cursor}', p->'sync_cursor')"
              + " ELSE t.connector END",
          transition(SyncJobStatus.IN_PROGRESS)),
      SyncJobUpdate.ERROR, syncJobUpdate("status, error", "'error', p->>'error'", transition(SyncJobStatus.ERROR)),
      SyncJobUpdate.STATS, syncJobUpdate("""
              deleted_document_count, indexed_document_count, indexed_document_volume,
              total_document_count, last_seen, metadata""",
          "(p->>'deleted_document_count')::bigint, (p->>'indexed_document_count')::bigint,"
              + " (p->>'indexed_document_volume')::bigint, "
              + keep("total_document_count", "(p->>'total_document_count')::bigint") + ","
              + " coalesce((p->>'last_seen')::timestamptz, now()),"
              + " jsonb_deep_merge(t.metadata, p->'metadata')",
          NO_VIOLATION)));

  static String update(SyncJobUpdate update) {
    return SYNC_JOB_UPDATES.get(update);
  }

  /** A row's sequence number as the index view shows it ({@code _seq_no}): every write gives the row a new {@code xmin}. */
  static final String SEQ_NO = "xmin::text::bigint AS seq_no";

  /** The columns of an index view's documents, in the order {@link Rows} reads them. */
  static String documentColumns(IndexView view) {
    return view == IndexView.CONNECTORS ? CONNECTOR_COLUMNS : SYNC_JOB_COLUMNS;
  }

  /**
   * {@code _search}: the page's rows with their sequence numbers and sort values, each carrying
   * the count of matches up to {@code countUpTo} (-1: not counted); a page past the end is one
   * row whose {@code id} is null.
   */
  static Query search(Search search) {
    QuerySql sql = new QuerySql(search.view());
    String where = sql.where(search.query(), search.scope());
    String table = search.view().table();
    String total = search.countUpTo() == null ? "SELECT -1::bigint AS total"
        : "SELECT count(*) AS total FROM (SELECT 1 FROM " + table + " WHERE " + where + " LIMIT "
            + sql.bind((long) search.countUpTo(), "bigint") + ") counted";
    String page = "SELECT " + documentColumns(search.view()) + ", " + SEQ_NO + sql.sortValues(search.sort())
        + " FROM " + table + " WHERE " + where + " ORDER BY " + sql.orderBy(search.sort())
        + " LIMIT " + sql.bind((long) search.size(), "bigint") + " OFFSET " + sql.bind((long) search.from(), "bigint");
    return new Query("WITH total AS (" + total + ") SELECT total.total, page.* FROM total LEFT JOIN ("
        + page + ") page ON true", sql.args());
  }

  /** {@code _count}. */
  static Query count(Count count) {
    QuerySql sql = new QuerySql(count.view());
    String where = sql.where(count.query(), count.scope());
    return new Query("SELECT count(*) AS total FROM " + count.view().table() + " WHERE " + where, sql.args());
  }

  /** {@code _doc/{id}}: $1 id, $2 the connectors the caller may see (null: all). */
  static String getDocument(IndexView view) {
    return "SELECT " + documentColumns(view) + ", " + SEQ_NO + " FROM " + view.table()
        + " WHERE " + rowWithin(view.connectorColumn(), "$2");
  }

  /**
   * {@code _update/{id}} with a partial document, over every field of the view: $1 id, $2 the
   * document (jsonb), $3 the sequence number it requires (null: any), $4 the connectors the
   * caller may write (null: all). A field the document leaves out keeps its value; an object is
   * merged into the stored one (Elasticsearch's merge of a partial document); a row whose values
   * do not change is not written (Elasticsearch's {@code noop}). Rows of deleted connectors are
   * documents too. The violation {@code conflict}: the row has another sequence number.
   */
  static String indexUpdate(IndexView view, boolean history) {
    List<String> columns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    view.fields().forEach((name, field) -> {
      columns.add(field.column());
      String value = switch (field.type()) {
        case KEYWORD -> "p->>'" + name + "'";
        case BOOLEAN -> "(p->>'" + name + "')::boolean";
        case LONG -> "(p->>'" + name + "')::bigint";
        case DATE -> "(p->>'" + name + "')::timestamptz";
        case OBJECT -> field.nullable() ? "nullif(jsonb_deep_merge(t." + name + ", p->'" + name + "'), 'null'::jsonb)"
            : "jsonb_deep_merge(t." + name + ", p->'" + name + "')";
      };
      values.add(keep(field.column(), value));
    });
    String sql = conditionalUpdate(view.table(),
        rowWithin(view.connectorColumn(), "$4"),
        String.join(", ", columns), String.join(", ", values),
        "CASE WHEN $3::bigint IS NULL OR t.seq_no = $3::bigint THEN NULL ELSE 'conflict' END");
    return history ? sql : sql.replace(ERROR_HISTORY_ENTRY, "");
  }

  /** The content indices of live connectors, $1 their ids: what the content-plane proxy lets their keys reach. */
  static final String CONTENT_INDICES = """
      SELECT index_name FROM connectors WHERE id = ANY($1::text[]) AND NOT deleted AND index_name IS NOT NULL""";

  static final String API_KEY_COLUMNS =
      "id, name, secret_hash, creator, privileges, created_at, expiration, invalidated, parent_id";

  /** $1 id, $2 name, $3 secret hash, $4 creator, $5 privileges, $6 expiration or null, $7 parent key or null. */
  static final String CREATE_API_KEY = """
      INSERT INTO api_keys (id, name, secret_hash, creator, privileges, expiration, parent_id)
      VALUES ($1, $2, $3, $4, $5, $6, $7)""";

  static final String FIND_API_KEY = "SELECT " + API_KEY_COLUMNS + " FROM api_keys WHERE id = $1";

  /** The key {key} (a parameter) and every key it created, directly or through others. */
  private static final String KEYS_OWNED_BY = """
      WITH RECURSIVE owned AS (
        SELECT id FROM api_keys WHERE id = {key}
        UNION
        SELECT k.id FROM api_keys k JOIN owned o ON k.parent_id = o.id
      )""";

  /** $1: null for every key, or a key whose own keys are listed. */
  static final String LIST_API_KEYS = KEYS_OWNED_BY.replace("{key}", "$1") + " SELECT " + API_KEY_COLUMNS
      + " FROM api_keys WHERE $1::text IS NULL OR id IN (SELECT id FROM owned) ORDER BY created_at, id";

  /**
   * Invalidates the keys $1 (only those owned by $2, when $2 is not null) and every key they
   * created, directly or through others; one row per key found, with whether it was invalidated
   * already. The trigger on api_keys tells every instance.
   */
  static final String INVALIDATE_API_KEYS = KEYS_OWNED_BY.replace("{key}", "$2") + """
      , requested AS (
        SELECT id FROM api_keys
        WHERE id = ANY ($1::text[]) AND ($2::text IS NULL OR id IN (SELECT id FROM owned))
      ), tree AS (
        SELECT id FROM requested
        UNION
        SELECT k.id FROM api_keys k JOIN tree t ON k.parent_id = t.id
      ), before AS (
        SELECT id, invalidated FROM api_keys WHERE id IN (SELECT id FROM tree) ORDER BY id FOR UPDATE
      ), changed AS (
        UPDATE api_keys SET invalidated = true WHERE id IN (SELECT id FROM before WHERE NOT invalidated)
      )
      SELECT id, invalidated AS previously FROM before ORDER BY id""".replaceFirst("^\\s*, ", ", ");

  /**
   * Stores $1 as the password hash of elastic unless one is stored; answers the stored one.
   * {@code DO UPDATE} (a no-op write) rather than {@code DO NOTHING}: it returns the row that an
   * instance starting at the same moment committed first, which {@code DO NOTHING} would not.
   */
  static final String ADMIN_PASSWORD_HASH = """
      INSERT INTO service_settings (name, value) VALUES ('elastic_password_hash', $1)
      ON CONFLICT (name) DO UPDATE SET value = service_settings.value
      RETURNING value""";

  /** Replaces the password hash $1 by $2, unless it changed meanwhile. */
  static final String UPGRADE_ADMIN_PASSWORD_HASH = """
      UPDATE service_settings SET value = $2 WHERE name = 'elastic_password_hash' AND value = $1""";

  /** $1 id, $2 nonce, $3 ciphertext; {@code inserted} tells created from replaced. */
  static final String STORE_SECRET = """
      INSERT INTO connector_secrets AS s (id, nonce, ciphertext) VALUES ($1, $2, $3)
      ON CONFLICT (id) DO UPDATE SET nonce = excluded.nonce, ciphertext = excluded.ciphertext, updated_at = now()
      RETURNING (s.xmax = 0) AS inserted""";

  static final String GET_SECRET = "SELECT nonce, ciphertext FROM connector_secrets WHERE id = $1";

  static final String DELETE_SECRET = "DELETE FROM connector_secrets WHERE id = $1 RETURNING id";
}
