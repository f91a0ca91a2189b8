package dev.sluice.api.v1beta1;

/**
 * Verdicts of one metric check as shown in {@code status.analysis.metrics[].verdict} (Sluice only).
 * Only names the values for the schema; the status field is a plain string so that a verdict added
 * later cannot make an older controller fail to read the Canary.
 */
public enum MetricCheckVerdict {
  Pass,
  Fail,
  NoData,
  Hold,
  Skip
}
