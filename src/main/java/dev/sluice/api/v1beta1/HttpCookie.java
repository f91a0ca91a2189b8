package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Istio hash cookie. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpCookie {

  @JsonPropertyDescription("Cookie name.")
  private String name;

  @JsonPropertyDescription("Cookie path.")
  private String path;

  @JsonPropertyDescription("Cookie lifetime.")
  private String ttl;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getTtl() {
    return ttl;
  }

  public void setTtl(String ttl) {
    this.ttl = ttl;
  }
}
