package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Reference by name in the same namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LocalReference {

  @JsonPropertyDescription("Name of the referent.")
  @Required
  private String name;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
