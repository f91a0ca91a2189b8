package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A condition of the Canary, in the Kubernetes convention. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryCondition {

  @JsonPropertyDescription("Promoted, or Ready (Sluice only, kstatus).")
  @Required
  private String type;

  @JsonPropertyDescription("True, False or Unknown.")
  @Required
  private String status;

  @JsonPropertyDescription("Machine-readable reason of the last transition.")
  @Required
  private String reason;

  @JsonPropertyDescription("Human-readable explanation.")
  private String message;

  @JsonPropertyDescription("When the status last changed.")
  private String lastTransitionTime;

  @JsonPropertyDescription("When the condition was last updated.")
  private String lastUpdateTime;

  @JsonPropertyDescription("Generation of the spec this condition describes (Sluice only).")
  private Long observedGeneration;

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getStatus() {
    return status;
  }

  public void setStatus(String status) {
    this.status = status;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public String getLastUpdateTime() {
    return lastUpdateTime;
  }

  public void setLastUpdateTime(String lastUpdateTime) {
    this.lastUpdateTime = lastUpdateTime;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }
}
