package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** An alert provider notified of rollout events. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryAlert {

  @JsonPropertyDescription("Name of the alert.")
  @Required
  private String name;

  @JsonPropertyDescription("info, warn or error: the lowest severity sent.")
  private String severity;

  @JsonPropertyDescription("The AlertProvider.")
  @Required
  private CrossNamespaceReference providerRef;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getSeverity() {
    return severity;
  }

  public void setSeverity(String severity) {
    this.severity = severity;
  }

  public CrossNamespaceReference getProviderRef() {
    return providerRef;
  }

  public void setProviderRef(CrossNamespaceReference providerRef) {
    this.providerRef = providerRef;
  }
}
