package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Sluice only ({@code analysis.judge}): a sequential test of the canary against the primary over
 * the same intervals, which rolls back as soon as the evidence that the canary fails more often
 * than the primary passes 1/alpha. Beside Flagger's threshold checks; either can roll back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryJudge {

  @JsonPropertyDescription(
      "Sluice only: the highest chance of rolling back a version no worse than the primary, over the whole run however often it looks. Default 0.01 (rollback when the evidence passes 100).")
  private Double alpha;

  @JsonPropertyDescription(
      "Sluice only: how much more often the canary may fail than the primary before it counts as worse, as a fraction: 0.25 accepts up to 1.25 times the primary's rate. Default 0.25.")
  private Double tolerance;

  @JsonPropertyDescription(
      "Sluice only: how far back the primary's history is read before a run to learn its error rate and how bursty its errors are, e.g. 1h. Default 1h; 0s reads none.")
  private String history;

  @JsonPropertyDescription(
      "Sluice only: the signals compared: errors (the mesh's requests and 5xx answers), latency (requests slower than slowerThan) or counts from two MetricTemplates. Default: errors.")
  private List<JudgeSignal> signals;

  public Double getAlpha() {
    return alpha;
  }

  public void setAlpha(Double alpha) {
    this.alpha = alpha;
  }

  public Double getTolerance() {
    return tolerance;
  }

  public void setTolerance(Double tolerance) {
    this.tolerance = tolerance;
  }

  public String getHistory() {
    return history;
  }

  public void setHistory(String history) {
    this.history = history;
  }

  public List<JudgeSignal> getSignals() {
    return signals;
  }

  public void setSignals(List<JudgeSignal> signals) {
    this.signals = signals;
  }
}
