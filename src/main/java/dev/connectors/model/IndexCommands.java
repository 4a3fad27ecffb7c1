package dev.connectors.model;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The store commands of the index view ({@link IndexView}): searches, counts, reads and partial
 * updates of the two tables as the connectors framework sends them to Elasticsearch's indices.
 * Queries arrive parsed and checked ({@code http/QueryDsl}); the store turns them into SQL.
 */
public final class IndexCommands {

  private IndexCommands() {
  }

  /** A query clause of the subset served here. */
  public sealed interface Query permits MatchAll, Terms, Range, Exists, Bool {
  }

  /** {@code match_all}. */
  public record MatchAll() implements Query {
  }

  /**
   * {@code term}, {@code terms}, {@code match} on a keyword, {@code ids}: the field holds one of
   * the values. {@code field} is {@code _id} or a dotted path whose first name is a field of the
   * view; values are of the field's type (dates as {@code Instant}).
   */
  public record Terms(String field, List<Object> values) implements Query {
  }

  /** {@code range}: each bound null when not given; dates as {@code Instant}. */
  public record Range(String field, Object gt, Object gte, Object lt, Object lte) implements Query {
  }

  /** {@code exists}: the field has a value other than null. */
  public record Exists(String field) implements Query {
  }

  /**
   * {@code bool}: every {@code must} (and {@code filter}) clause, none of {@code mustNot}, and
   * at least {@code minimumShouldMatch} of {@code should}.
   */
  public record Bool(List<Query> must, List<Query> should, List<Query> mustNot, int minimumShouldMatch)
      implements Query {
  }

  /** One sort key; ties are broken by {@code _id}. */
  public record Sort(String field, boolean descending) {
  }

  /**
   * {@code _search}: a page of the matching documents, and their count up to {@code countUpTo}
   * (null: not counted). {@code scope}: the connectors whose documents the caller may see (null:
   * all).
   */
  public record Search(IndexView view, Query query, int from, int size, List<Sort> sort, Integer countUpTo,
      List<String> scope) implements StoreCommand<Hits> {
  }

  /** {@code _count}. */
  public record Count(IndexView view, Query query, List<String> scope) implements StoreCommand<Long> {
  }

  /** {@code _doc/{id}}: a page of the one document, or of none. */
  public record GetDoc(IndexView view, String id, List<String> scope) implements StoreCommand<Hits> {
  }

  /**
   * {@code _update/{id}} with a partial document: its top-level fields, checked against the
   * view, set on the row (objects merged into the stored ones), only when the row's sequence
   * number is still {@code ifSeqNo} (null: whatever it is).
   */
  public record UpdateDoc(IndexView view, String id, JsonObject doc, Long ifSeqNo, List<String> scope)
      implements StoreCommand<DocWrite> {
  }

  /**
   * The content indices of these connectors (their {@code index_name}s, live connectors only):
   * where a connector-scoped caller may write through the content-plane proxy.
   */
  public record ContentIndices(List<String> connectors) implements StoreCommand<List<String>> {
  }

  /**
   * A matching document: its id, sequence number, the Connector API's record of it
   * ({@link Connector} or {@link SyncJob}) and its sort values.
   */
  public record Hit(String id, long seqNo, Object document, List<Object> sort) {
  }

  /** The documents of a page and how many matched (up to the search's {@code countUpTo}; null when not counted). */
  public record Hits(Long total, List<Hit> hits) {
  }

  /** What an update did: the row's sequence number after it, or the one it has on a conflict. */
  public record DocWrite(Outcome outcome, long seqNo) {
  }

  public enum Outcome { UPDATED, NOOP, MISSING, CONFLICT }
}
