package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Istio retry policy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpRetry {

  @JsonPropertyDescription("Number of retries.")
  private Integer attempts;

  @JsonPropertyDescription("Timeout per attempt, e.g. 2s.")
  private String perTryTimeout;

  @JsonPropertyDescription("Conditions that trigger a retry, e.g. 5xx,connect-failure.")
  private String retryOn;

  public Integer getAttempts() {
    return attempts;
  }

  public void setAttempts(Integer attempts) {
    this.attempts = attempts;
  }

  public String getPerTryTimeout() {
    return perTryTimeout;
  }

  public void setPerTryTimeout(String perTryTimeout) {
    this.perTryTimeout = perTryTimeout;
  }

  public String getRetryOn() {
    return retryOn;
  }

  public void setRetryOn(String retryOn) {
    this.retryOn = retryOn;
  }
}
