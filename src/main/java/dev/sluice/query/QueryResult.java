package dev.sluice.query;

/**
 * What a metric query returned: one value, no data (the query ran but found nothing usable), or a
 * failure of the provider. Each carries a readable reason; none is ever a silent default.
 */
public sealed interface QueryResult {

  /** Exactly one finite sample. */
  record Value(double value) implements QueryResult {}

  /** The query ran but gave nothing to judge: empty result, NaN, ... */
  record NoData(String reason) implements QueryResult {}

  /** The provider could not answer: HTTP error, timeout, bad query, circuit open, ... */
  record Failed(String reason) implements QueryResult {}
}
