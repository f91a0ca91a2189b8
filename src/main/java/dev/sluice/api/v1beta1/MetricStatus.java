package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;

/** The last check of one metric. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricStatus {

  @JsonPropertyDescription("Sluice only: name of the metric, as in spec.analysis.metrics[].name.")
  private String name;

  @JsonPropertyDescription(
      "Sluice only: value the check judged; absent when the query gave none (no data, failure).")
  private Double value;

  @JsonPropertyDescription(
      "Sluice only: lowest accepted value the check applied (thresholdRange.min, or the deprecated threshold).")
  private Double min;

  @JsonPropertyDescription(
      "Sluice only: highest accepted value the check applied (thresholdRange.max, or the deprecated threshold).")
  private Double max;

  @JsonPropertyDescription(
      "Sluice only: Pass, Fail (out of range or query failed), NoData (no data, counted as failed), Hold (no data, step held) or Skip (no data, metric ignored).")
  @SchemaFrom(type = MetricCheckVerdict.class)
  private String verdict;

  @JsonPropertyDescription(
      "Sluice only: why, e.g. \"request-success-rate 97.2 < 99 (min)\" or the provider's error.")
  private String reason;

  @JsonPropertyDescription("Sluice only: when the metric was last checked (RFC 3339).")
  private String lastUpdateTime;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Double getValue() {
    return value;
  }

  public void setValue(Double value) {
    this.value = value;
  }

  public Double getMin() {
    return min;
  }

  public void setMin(Double min) {
    this.min = min;
  }

  public Double getMax() {
    return max;
  }

  public void setMax(Double max) {
    this.max = max;
  }

  public String getVerdict() {
    return verdict;
  }

  public void setVerdict(String verdict) {
    this.verdict = verdict;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getLastUpdateTime() {
    return lastUpdateTime;
  }

  public void setLastUpdateTime(String lastUpdateTime) {
    this.lastUpdateTime = lastUpdateTime;
  }
}
