package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Replica bounds of an autoscaler. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalerReplicas {

  @JsonPropertyDescription("Lower bound of replicas.")
  private Integer minReplicas;

  @JsonPropertyDescription("Upper bound of replicas.")
  private Integer maxReplicas;

  public Integer getMinReplicas() {
    return minReplicas;
  }

  public void setMinReplicas(Integer minReplicas) {
    this.minReplicas = minReplicas;
  }

  public Integer getMaxReplicas() {
    return maxReplicas;
  }

  public void setMaxReplicas(Integer maxReplicas) {
    this.maxReplicas = maxReplicas;
  }
}
