package dev.connectors.model;

import java.util.List;

/** One page of a listing, and how many records match in all. */
public record Page<T>(long count, List<T> results) {
}
