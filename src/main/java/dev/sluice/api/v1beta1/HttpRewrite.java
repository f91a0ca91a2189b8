package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Istio rewrite rule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpRewrite {

  @JsonPropertyDescription("Rewrite the path (or prefix) with this value.")
  private String uri;

  @JsonPropertyDescription("Rewrite the authority (host) header with this value.")
  private String authority;

  @JsonPropertyDescription("Rewrite type for Gateway API: ReplaceFullPath or ReplacePrefixMatch.")
  private String type;

  public String getUri() {
    return uri;
  }

  public void setUri(String uri) {
    this.uri = uri;
  }

  public String getAuthority() {
    return authority;
  }

  public void setAuthority(String authority) {
    this.authority = authority;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }
}
