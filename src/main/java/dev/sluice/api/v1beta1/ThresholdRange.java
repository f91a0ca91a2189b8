package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Range a metric value must lie in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ThresholdRange {

  @JsonPropertyDescription("Lowest accepted value.")
  private Double min;

  @JsonPropertyDescription("Highest accepted value.")
  private Double max;

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
}
