package dev.sluice.metricprovider;

import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a range query returned: one value per step of one series (none when the query ran but found
 * nothing), a provider that has no range queries, or a failure. Each carries a readable reason.
 */
public sealed interface RangeResult {

  /** The values of the one series, by time; empty for no data. */
  record Points(SortedMap<Instant, Double> values) implements RangeResult {
    public Points {
      values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }
  }

  /** The provider reads instants only. */
  record Unsupported(String reason) implements RangeResult {}

  /** The provider could not answer: HTTP error, timeout, bad query, several series, ... */
  record Failed(String reason) implements RangeResult {}
}
