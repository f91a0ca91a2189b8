package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Cookie-based session affinity. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SessionAffinity {

  @JsonPropertyDescription("Cookie that pins a client to the canary.")
  @Required
  private String cookieName;

  @JsonPropertyDescription("Cookie that pins a client to the primary.")
  private String primaryCookieName;

  @JsonPropertyDescription("Cookie domain.")
  private String domain;

  @JsonPropertyDescription("HttpOnly cookie attribute.")
  private Boolean httpOnly;

  @JsonPropertyDescription("Cookie lifetime in seconds.")
  private Integer maxAge;

  @JsonPropertyDescription("Partitioned cookie attribute.")
  private Boolean partitioned;

  @JsonPropertyDescription("Cookie path.")
  private String path;

  @JsonPropertyDescription("Strict, Lax or None.")
  private String sameSite;

  @JsonPropertyDescription("Secure cookie attribute.")
  private Boolean secure;

  public String getCookieName() {
    return cookieName;
  }

  public void setCookieName(String cookieName) {
    this.cookieName = cookieName;
  }

  public String getPrimaryCookieName() {
    return primaryCookieName;
  }

  public void setPrimaryCookieName(String primaryCookieName) {
    this.primaryCookieName = primaryCookieName;
  }

  public String getDomain() {
    return domain;
  }

  public void setDomain(String domain) {
    this.domain = domain;
  }

  public Boolean getHttpOnly() {
    return httpOnly;
  }

  public void setHttpOnly(Boolean httpOnly) {
    this.httpOnly = httpOnly;
  }

  public Integer getMaxAge() {
    return maxAge;
  }

  public void setMaxAge(Integer maxAge) {
    this.maxAge = maxAge;
  }

  public Boolean getPartitioned() {
    return partitioned;
  }

  public void setPartitioned(Boolean partitioned) {
    this.partitioned = partitioned;
  }

  public String getPath() {
    return path;
  }

  public void setPath(String path) {
    this.path = path;
  }

  public String getSameSite() {
    return sameSite;
  }

  public void setSameSite(String sameSite) {
    this.sameSite = sameSite;
  }

  public Boolean getSecure() {
    return secure;
  }

  public void setSecure(Boolean secure) {
    this.secure = secure;
  }
}
