package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Sluice only: what people asked of the current run through the {@code sluice.dev/request}
 * annotation or the HTTP API, and the state those requests left behind.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ControlStatus {

  @JsonPropertyDescription(
      "The last request handled, as written in the sluice.dev/request annotation (action/id).")
  private String lastRequest;

  @JsonPropertyDescription(
      "The run the last request was handled in: its revision (lastAppliedSpec); cleared when a new run starts, so the same value written in a later run is a new request.")
  private String lastRequestRun;

  @JsonPropertyDescription("When the last request was handled (RFC 3339).")
  private String lastRequestTime;

  @JsonPropertyDescription("Applied or Ignored.")
  private String lastRequestOutcome;

  @JsonPropertyDescription("What the last request did, or why it did not apply.")
  private String lastRequestMessage;

  @JsonPropertyDescription(
      "The run holds where it is (weights kept, nothing checked or counted) until resumed.")
  private Boolean paused;

  @JsonPropertyDescription(
      "Metric checks and rollout/pre-rollout webhooks are skipped for the rest of this run; steps and gates go on.")
  private Boolean skipAnalysis;

  public String getLastRequest() {
    return lastRequest;
  }

  public void setLastRequest(String lastRequest) {
    this.lastRequest = lastRequest;
  }

  public String getLastRequestRun() {
    return lastRequestRun;
  }

  public void setLastRequestRun(String lastRequestRun) {
    this.lastRequestRun = lastRequestRun;
  }

  public String getLastRequestTime() {
    return lastRequestTime;
  }

  public void setLastRequestTime(String lastRequestTime) {
    this.lastRequestTime = lastRequestTime;
  }

  public String getLastRequestOutcome() {
    return lastRequestOutcome;
  }

  public void setLastRequestOutcome(String lastRequestOutcome) {
    this.lastRequestOutcome = lastRequestOutcome;
  }

  public String getLastRequestMessage() {
    return lastRequestMessage;
  }

  public void setLastRequestMessage(String lastRequestMessage) {
    this.lastRequestMessage = lastRequestMessage;
  }

  public Boolean getPaused() {
    return paused;
  }

  public void setPaused(Boolean paused) {
    this.paused = paused;
  }

  public Boolean getSkipAnalysis() {
    return skipAnalysis;
  }

  public void setSkipAnalysis(Boolean skipAnalysis) {
    this.skipAnalysis = skipAnalysis;
  }
}
