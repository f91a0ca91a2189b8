package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Istio CORS policy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CorsPolicy {

  @JsonPropertyDescription("Allow credentials.")
  private Boolean allowCredentials;

  @JsonPropertyDescription("Allowed request headers.")
  private List<String> allowHeaders;

  @JsonPropertyDescription("Allowed methods.")
  private List<String> allowMethods;

  @JsonPropertyDescription("Allowed origins (deprecated in Istio, use allowOrigins).")
  private List<String> allowOrigin;

  @JsonPropertyDescription("Allowed origins.")
  private List<StringMatch> allowOrigins;

  @JsonPropertyDescription("Headers exposed to the browser.")
  private List<String> exposeHeaders;

  @JsonPropertyDescription("How long preflight results are cached.")
  private String maxAge;

  public Boolean getAllowCredentials() {
    return allowCredentials;
  }

  public void setAllowCredentials(Boolean allowCredentials) {
    this.allowCredentials = allowCredentials;
  }

  public List<String> getAllowHeaders() {
    return allowHeaders;
  }

  public void setAllowHeaders(List<String> allowHeaders) {
    this.allowHeaders = allowHeaders;
  }

  public List<String> getAllowMethods() {
    return allowMethods;
  }

  public void setAllowMethods(List<String> allowMethods) {
    this.allowMethods = allowMethods;
  }

  public List<String> getAllowOrigin() {
    return allowOrigin;
  }

  public void setAllowOrigin(List<String> allowOrigin) {
    this.allowOrigin = allowOrigin;
  }

  public List<StringMatch> getAllowOrigins() {
    return allowOrigins;
  }

  public void setAllowOrigins(List<StringMatch> allowOrigins) {
    this.allowOrigins = allowOrigins;
  }

  public List<String> getExposeHeaders() {
    return exposeHeaders;
  }

  public void setExposeHeaders(List<String> exposeHeaders) {
    this.exposeHeaders = exposeHeaders;
  }

  public String getMaxAge() {
    return maxAge;
  }

  public void setMaxAge(String maxAge) {
    this.maxAge = maxAge;
  }
}
