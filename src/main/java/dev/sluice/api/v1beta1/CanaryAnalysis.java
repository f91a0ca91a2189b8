package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** How a rollout advances and what it checks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryAnalysis {

  @JsonPropertyDescription("Time between steps, e.g. 1m. Minimum 10s. Default 60s.")
  private String interval;

  @JsonPropertyDescription("Number of checks of a blue/green or A/B run.")
  private Integer iterations;

  @JsonPropertyDescription("Failed checks before rollback.")
  private Integer threshold;

  @JsonPropertyDescription("Highest canary weight, in percent, before promotion.")
  private Integer maxWeight;

  @JsonPropertyDescription("Weight added to the canary at each step, in percent.")
  private Integer stepWeight;

  @JsonPropertyDescription("Canary weights of each step, in percent, instead of stepWeight.")
  private List<Integer> stepWeights;

  @JsonPropertyDescription("Weight shifted back to the primary at each promotion step, in percent.")
  private Integer stepWeightPromotion;

  @JsonPropertyDescription("Mirror traffic to the canary during a blue/green run.")
  private Boolean mirror;

  @JsonPropertyDescription("Percent of requests mirrored.")
  private Integer mirrorWeight;

  @JsonPropertyDescription("Percent of primary replicas that must be ready. Default 100.")
  private Integer primaryReadyThreshold;

  @JsonPropertyDescription("Percent of canary replicas that must be ready. Default 100.")
  private Integer canaryReadyThreshold;

  @JsonPropertyDescription("Request conditions that send a request to the canary (A/B testing).")
  private List<AbMatch> match;

  @JsonPropertyDescription("Metric checks run at each step.")
  private List<CanaryMetric> metrics;

  @JsonPropertyDescription("Alert providers notified of rollout events.")
  private List<CanaryAlert> alerts;

  @JsonPropertyDescription("Webhooks called during the rollout.")
  private List<CanaryWebhook> webhooks;

  @JsonPropertyDescription("Cookie-based session affinity during the rollout.")
  private SessionAffinity sessionAffinity;

  @JsonPropertyDescription(
      "Sluice only: a sequential test of the canary against the primary that rolls back as soon as the evidence passes 1/alpha; off when absent.")
  private CanaryJudge judge;

  public CanaryJudge getJudge() {
    return judge;
  }

  public void setJudge(CanaryJudge judge) {
    this.judge = judge;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public Integer getIterations() {
    return iterations;
  }

  public void setIterations(Integer iterations) {
    this.iterations = iterations;
  }

  public Integer getThreshold() {
    return threshold;
  }

  public void setThreshold(Integer threshold) {
    this.threshold = threshold;
  }

  public Integer getMaxWeight() {
    return maxWeight;
  }

  public void setMaxWeight(Integer maxWeight) {
    this.maxWeight = maxWeight;
  }

  public Integer getStepWeight() {
    return stepWeight;
  }

  public void setStepWeight(Integer stepWeight) {
    this.stepWeight = stepWeight;
  }

  public List<Integer> getStepWeights() {
    return stepWeights;
  }

  public void setStepWeights(List<Integer> stepWeights) {
    this.stepWeights = stepWeights;
  }

  public Integer getStepWeightPromotion() {
    return stepWeightPromotion;
  }

  public void setStepWeightPromotion(Integer stepWeightPromotion) {
    this.stepWeightPromotion = stepWeightPromotion;
  }

  public Boolean getMirror() {
    return mirror;
  }

  public void setMirror(Boolean mirror) {
    this.mirror = mirror;
  }

  public Integer getMirrorWeight() {
    return mirrorWeight;
  }

  public void setMirrorWeight(Integer mirrorWeight) {
    this.mirrorWeight = mirrorWeight;
  }

  public Integer getPrimaryReadyThreshold() {
    return primaryReadyThreshold;
  }

  public void setPrimaryReadyThreshold(Integer primaryReadyThreshold) {
    this.primaryReadyThreshold = primaryReadyThreshold;
  }

  public Integer getCanaryReadyThreshold() {
    return canaryReadyThreshold;
  }

  public void setCanaryReadyThreshold(Integer canaryReadyThreshold) {
    this.canaryReadyThreshold = canaryReadyThreshold;
  }

  public List<AbMatch> getMatch() {
    return match;
  }

  public void setMatch(List<AbMatch> match) {
    this.match = match;
  }

  public List<CanaryMetric> getMetrics() {
    return metrics;
  }

  public void setMetrics(List<CanaryMetric> metrics) {
    this.metrics = metrics;
  }

  public List<CanaryAlert> getAlerts() {
    return alerts;
  }

  public void setAlerts(List<CanaryAlert> alerts) {
    this.alerts = alerts;
  }

  public List<CanaryWebhook> getWebhooks() {
    return webhooks;
  }

  public void setWebhooks(List<CanaryWebhook> webhooks) {
    this.webhooks = webhooks;
  }

  public SessionAffinity getSessionAffinity() {
    return sessionAffinity;
  }

  public void setSessionAffinity(SessionAffinity sessionAffinity) {
    this.sessionAffinity = sessionAffinity;
  }
}
