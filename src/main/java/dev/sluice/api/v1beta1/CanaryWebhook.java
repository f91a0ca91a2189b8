package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** A webhook called during the rollout. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryWebhook {

  @JsonPropertyDescription("Name of the webhook.")
  @Required
  private String name;

  @JsonPropertyDescription(
      "confirm-rollout, pre-rollout, rollout, confirm-promotion, post-rollout, event, rollback or confirm-traffic-increase. Default rollout.")
  private String type;

  @JsonPropertyDescription("Do not send alerts when this webhook fails.")
  private Boolean muteAlert;

  @JsonPropertyDescription("URL called.")
  @Required
  private String url;

  @JsonPropertyDescription("Timeout of the call, e.g. 10s.")
  private String timeout;

  @JsonPropertyDescription("Retries of a failed call.")
  private Integer retries;

  @JsonPropertyDescription("Skip TLS verification.")
  private Boolean disableTLS;

  @JsonPropertyDescription("Metadata sent in the payload.")
  private Map<String, String> metadata;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public Boolean getMuteAlert() {
    return muteAlert;
  }

  public void setMuteAlert(Boolean muteAlert) {
    this.muteAlert = muteAlert;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public Integer getRetries() {
    return retries;
  }

  public void setRetries(Integer retries) {
    this.retries = retries;
  }

  public Boolean getDisableTLS() {
    return disableTLS;
  }

  public void setDisableTLS(Boolean disableTLS) {
    this.disableTLS = disableTLS;
  }

  public Map<String, String> getMetadata() {
    return metadata;
  }

  public void setMetadata(Map<String, String> metadata) {
    this.metadata = metadata;
  }
}
