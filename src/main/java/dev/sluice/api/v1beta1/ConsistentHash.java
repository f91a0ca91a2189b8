package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Istio consistent hashing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConsistentHash {

  @JsonPropertyDescription("Hash on a cookie.")
  private HttpCookie httpCookie;

  @JsonPropertyDescription("Hash on a header.")
  private String httpHeaderName;

  @JsonPropertyDescription("Hash on a query parameter.")
  private String httpQueryParameterName;

  @JsonPropertyDescription("Minimum ring size.")
  private Integer minimumRingSize;

  @JsonPropertyDescription("Hash on the source IP.")
  private Boolean useSourceIp;

  public HttpCookie getHttpCookie() {
    return httpCookie;
  }

  public void setHttpCookie(HttpCookie httpCookie) {
    this.httpCookie = httpCookie;
  }

  public String getHttpHeaderName() {
    return httpHeaderName;
  }

  public void setHttpHeaderName(String httpHeaderName) {
    this.httpHeaderName = httpHeaderName;
  }

  public String getHttpQueryParameterName() {
    return httpQueryParameterName;
  }

  public void setHttpQueryParameterName(String httpQueryParameterName) {
    this.httpQueryParameterName = httpQueryParameterName;
  }

  public Integer getMinimumRingSize() {
    return minimumRingSize;
  }

  public void setMinimumRingSize(Integer minimumRingSize) {
    this.minimumRingSize = minimumRingSize;
  }

  public Boolean getUseSourceIp() {
    return useSourceIp;
  }

  public void setUseSourceIp(Boolean useSourceIp) {
    this.useSourceIp = useSourceIp;
  }
}
