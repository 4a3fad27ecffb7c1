package dev.connectors.model;

import java.util.Locale;

/** What a write did, as Elasticsearch reports it in {@code "result"}. */
public enum WriteResult {
  CREATED, UPDATED, NOOP, DELETED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
