package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Reference to an object, possibly in another namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CrossNamespaceObjectReference {

  @JsonPropertyDescription("API version of the referent.")
  @Required
  private String apiVersion;

  @JsonPropertyDescription("Kind of the referent.")
  @Required
  private String kind;

  @JsonPropertyDescription("Name of the referent.")
  @Required
  private String name;

  @JsonPropertyDescription("Namespace of the referent; defaults to the Canary's.")
  private String namespace;

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

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
