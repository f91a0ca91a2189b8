package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** What the last analysis step found (Sluice only). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AnalysisStatus {

  @JsonPropertyDescription(
      "Sluice only: the last check of every metric: value, accepted range, verdict and reason.")
  private List<MetricStatus> metrics;

  public List<MetricStatus> getMetrics() {
    return metrics;
  }

  public void setMetrics(List<MetricStatus> metrics) {
    this.metrics = metrics;
  }
}
