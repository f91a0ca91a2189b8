package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Istio HTTP connection pool settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpConnectionPool {

  @JsonPropertyDescription("DEFAULT, DO_NOT_UPGRADE or UPGRADE.")
  private String h2UpgradePolicy;

  @JsonPropertyDescription("Maximum pending HTTP/1.1 requests.")
  private Integer http1MaxPendingRequests;

  @JsonPropertyDescription("Maximum active HTTP/2 requests.")
  private Integer http2MaxRequests;

  @JsonPropertyDescription("Idle timeout of upstream connections.")
  private String idleTimeout;

  @JsonPropertyDescription("Maximum requests per connection.")
  private Integer maxRequestsPerConnection;

  @JsonPropertyDescription("Maximum outstanding retries.")
  private Integer maxRetries;

  public String getH2UpgradePolicy() {
    return h2UpgradePolicy;
  }

  public void setH2UpgradePolicy(String h2UpgradePolicy) {
    this.h2UpgradePolicy = h2UpgradePolicy;
  }

  public Integer getHttp1MaxPendingRequests() {
    return http1MaxPendingRequests;
  }

  public void setHttp1MaxPendingRequests(Integer http1MaxPendingRequests) {
    this.http1MaxPendingRequests = http1MaxPendingRequests;
  }

  public Integer getHttp2MaxRequests() {
    return http2MaxRequests;
  }

  public void setHttp2MaxRequests(Integer http2MaxRequests) {
    this.http2MaxRequests = http2MaxRequests;
  }

  public String getIdleTimeout() {
    return idleTimeout;
  }

  public void setIdleTimeout(String idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  public Integer getMaxRequestsPerConnection() {
    return maxRequestsPerConnection;
  }

  public void setMaxRequestsPerConnection(Integer maxRequestsPerConnection) {
    this.maxRequestsPerConnection = maxRequestsPerConnection;
  }

  public Integer getMaxRetries() {
    return maxRetries;
  }

  public void setMaxRetries(Integer maxRetries) {
    this.maxRetries = maxRetries;
  }
}
