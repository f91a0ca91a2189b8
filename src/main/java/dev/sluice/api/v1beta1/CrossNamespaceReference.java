package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Reference by name, possibly in another namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CrossNamespaceReference {

  @JsonPropertyDescription("Name of the referent.")
  @Required
  private String name;

  @JsonPropertyDescription("Namespace of the referent; defaults to the Canary's.")
  private String namespace;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }
}
