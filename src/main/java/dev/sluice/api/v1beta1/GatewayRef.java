package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Gateway API parent reference. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GatewayRef {

  @JsonPropertyDescription("API group of the parent.")
  private String group;

  @JsonPropertyDescription("Kind of the parent.")
  private String kind;

  @JsonPropertyDescription("Name of the parent.")
  @Required
  private String name;

  @JsonPropertyDescription("Namespace of the parent.")
  private String namespace;

  @JsonPropertyDescription("Listener of the parent.")
  private String sectionName;

  @JsonPropertyDescription("Port of the parent.")
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

  public String getSectionName() {
    return sectionName;
  }

  public void setSectionName(String sectionName) {
    this.sectionName = sectionName;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }
}
