package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Istio outlier detection. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OutlierDetection {

  @JsonPropertyDescription("Minimum ejection duration.")
  private String baseEjectionTime;

  @JsonPropertyDescription("5xx errors before ejection.")
  private Integer consecutive5xxErrors;

  @JsonPropertyDescription("Errors before ejection (deprecated in Istio).")
  private Integer consecutiveErrors;

  @JsonPropertyDescription("Gateway errors before ejection.")
  private Integer consecutiveGatewayErrors;

  @JsonPropertyDescription("Local origin failures before ejection.")
  private Integer consecutiveLocalOriginFailures;

  @JsonPropertyDescription("Time between ejection sweeps.")
  private String interval;

  @JsonPropertyDescription("Maximum percent of ejected hosts.")
  private Integer maxEjectionPercent;

  @JsonPropertyDescription("Minimum percent of healthy hosts for outlier detection to run.")
  private Integer minHealthPercent;

  @JsonPropertyDescription("Tell local origin failures apart from external ones.")
  private Boolean splitExternalLocalOriginErrors;

  public String getBaseEjectionTime() {
    return baseEjectionTime;
  }

  public void setBaseEjectionTime(String baseEjectionTime) {
    this.baseEjectionTime = baseEjectionTime;
  }

  public Integer getConsecutive5xxErrors() {
    return consecutive5xxErrors;
  }

  public void setConsecutive5xxErrors(Integer consecutive5xxErrors) {
    this.consecutive5xxErrors = consecutive5xxErrors;
  }

  public Integer getConsecutiveErrors() {
    return consecutiveErrors;
  }

  public void setConsecutiveErrors(Integer consecutiveErrors) {
    this.consecutiveErrors = consecutiveErrors;
  }

  public Integer getConsecutiveGatewayErrors() {
    return consecutiveGatewayErrors;
  }

  public void setConsecutiveGatewayErrors(Integer consecutiveGatewayErrors) {
    this.consecutiveGatewayErrors = consecutiveGatewayErrors;
  }

  public Integer getConsecutiveLocalOriginFailures() {
    return consecutiveLocalOriginFailures;
  }

  public void setConsecutiveLocalOriginFailures(Integer consecutiveLocalOriginFailures) {
    this.consecutiveLocalOriginFailures = consecutiveLocalOriginFailures;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public Integer getMaxEjectionPercent() {
    return maxEjectionPercent;
  }

  public void setMaxEjectionPercent(Integer maxEjectionPercent) {
    this.maxEjectionPercent = maxEjectionPercent;
  }

  public Integer getMinHealthPercent() {
    return minHealthPercent;
  }

  public void setMinHealthPercent(Integer minHealthPercent) {
    this.minHealthPercent = minHealthPercent;
  }

  public Boolean getSplitExternalLocalOriginErrors() {
    return splitExternalLocalOriginErrors;
  }

  public void setSplitExternalLocalOriginErrors(Boolean splitExternalLocalOriginErrors) {
    this.splitExternalLocalOriginErrors = splitExternalLocalOriginErrors;
  }
}
