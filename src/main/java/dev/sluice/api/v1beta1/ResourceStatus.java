package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * Status of a MetricTemplate or AlertProvider (Sluice only): whether the last use found it valid.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceStatus {

  @JsonPropertyDescription("Conditions: Ready when the last use found the resource valid.")
  private List<CanaryCondition> conditions;

  @JsonPropertyDescription("Generation of the spec last checked.")
  private Long observedGeneration;

  public List<CanaryCondition> getConditions() {
    return conditions;
  }

  public void setConditions(List<CanaryCondition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }
}
