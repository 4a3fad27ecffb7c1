package dev.connectors.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * One page of a listing, and how many records match in all (up to 10,000, as Elasticsearch
 * counts). {@code more}: records follow this page (not shown; the handler turns it into a cursor).
 */
public record Page<T>(long count, List<T> results, @JsonIgnore boolean more) {
}
