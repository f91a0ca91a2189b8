package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Backend of a request mirror. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MirrorBackendRef {

  @JsonPropertyDescription("API group of the backend.")
  private String group;

  @JsonPropertyDescription("Kind of the backend.")
  private String kind;

  @JsonPropertyDescription("Name of the backend.")
  @Required
  private String name;

  @JsonPropertyDescription("Namespace of the backend.")
  private String namespace;

  @JsonPropertyDescription("Port of the backend.")
  private Integer port;

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
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

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }
}
