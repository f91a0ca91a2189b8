package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import java.util.List;
import java.util.Map;

/**
 * The observed state of a rollout. Sluice keeps all of its state here, so a restarted controller
 * resumes where it stopped.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryStatus {

  // A plain string in the schema: Flagger's enum includes "" (its Go zero value), which a Java
  // enum cannot name, and our enum must accept every value Flagger's does.
  @JsonPropertyDescription(
      "Phase of the rollout: Initializing, Initialized, Waiting, Progressing, WaitingPromotion, Promoting, Finalising, Succeeded, Failed, Terminating or Terminated; empty before the first one.")
  @SchemaFrom(type = String.class)
  private CanaryPhase phase;

  @JsonPropertyDescription("Failed checks in the current run.")
  private Integer failedChecks;

  @JsonPropertyDescription("Percent of traffic sent to the canary.")
  private Integer canaryWeight;

  @JsonPropertyDescription("Checks passed in the current blue/green or A/B run.")
  private Integer iterations;

  @JsonPropertyDescription(
      "Checksums of the ConfigMaps and Secrets referenced by the pod template, by kind/name.")
  private Map<String, String> trackedConfigs;

  @JsonPropertyDescription("Revision (pod template and tracked configs hash) of the current run.")
  private String lastAppliedSpec;

  @JsonPropertyDescription("Revision last promoted to the primary.")
  private String lastPromotedSpec;

  @JsonPropertyDescription("When the status last changed (RFC 3339).")
  private String lastTransitionTime;

  @JsonPropertyDescription("Cookie that pins clients to the canary.")
  private String sessionAffinityCookie;

  @JsonPropertyDescription("Cookie that pins clients to the primary.")
  private String primarySessionAffinityCookie;

  @JsonPropertyDescription("Canary cookie of the previous run.")
  private String previousSessionAffinityCookie;

  @JsonPropertyDescription("Conditions: Promoted, and Ready (kstatus, Sluice only).")
  private List<CanaryCondition> conditions;

  @JsonPropertyDescription(
      "Generation of the spec last acted on (Sluice only, for Flux and Argo CD).")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Sluice only: what the last analysis step found: value, range and verdict of every metric.")
  private AnalysisStatus analysis;

  @JsonPropertyDescription(
      "Sluice only: the judge's evidence in the current run, per signal (with analysis.judge).")
  private JudgeStatus judge;

  public JudgeStatus getJudge() {
    return judge;
  }

  public void setJudge(JudgeStatus judge) {
    this.judge = judge;
  }

  @JsonPropertyDescription(
      "Sluice only: requests handled during the run (promote, abort, pause, resume, skip) and the state they left.")
  private ControlStatus control;

  @JsonPropertyDescription(
      "Sluice only: the run ended (Succeeded or Failed, as phase says) and carrying that out is not confirmed yet: the canary scaled to zero, all traffic on the primary, the post-rollout hooks called. Set with the phase and cleared once done, so that a controller stopped in between finishes it on its next tick.")
  private Boolean postRolloutPending;

  public CanaryPhase getPhase() {
    return phase;
  }

  public void setPhase(CanaryPhase phase) {
    this.phase = phase;
  }

  public Integer getFailedChecks() {
    return failedChecks;
  }

  public void setFailedChecks(Integer failedChecks) {
    this.failedChecks = failedChecks;
  }

  public Integer getCanaryWeight() {
    return canaryWeight;
  }

  public void setCanaryWeight(Integer canaryWeight) {
    this.canaryWeight = canaryWeight;
  }

  public Integer getIterations() {
    return iterations;
  }

  public void setIterations(Integer iterations) {
    this.iterations = iterations;
  }

  public Map<String, String> getTrackedConfigs() {
    return trackedConfigs;
  }

  public void setTrackedConfigs(Map<String, String> trackedConfigs) {
    this.trackedConfigs = trackedConfigs;
  }

  public String getLastAppliedSpec() {
    return lastAppliedSpec;
  }

  public void setLastAppliedSpec(String lastAppliedSpec) {
    this.lastAppliedSpec = lastAppliedSpec;
  }

  public String getLastPromotedSpec() {
    return lastPromotedSpec;
  }

  public void setLastPromotedSpec(String lastPromotedSpec) {
    this.lastPromotedSpec = lastPromotedSpec;
  }

  public String getLastTransitionTime() {
    return lastTransitionTime;
  }

  public void setLastTransitionTime(String lastTransitionTime) {
    this.lastTransitionTime = lastTransitionTime;
  }

  public String getSessionAffinityCookie() {
    return sessionAffinityCookie;
  }

  public void setSessionAffinityCookie(String sessionAffinityCookie) {
    this.sessionAffinityCookie = sessionAffinityCookie;
  }

  public String getPrimarySessionAffinityCookie() {
    return primarySessionAffinityCookie;
  }

  public void setPrimarySessionAffinityCookie(String primarySessionAffinityCookie) {
    this.primarySessionAffinityCookie = primarySessionAffinityCookie;
  }

  public String getPreviousSessionAffinityCookie() {
    return previousSessionAffinityCookie;
  }

  public void setPreviousSessionAffinityCookie(String previousSessionAffinityCookie) {
    this.previousSessionAffinityCookie = previousSessionAffinityCookie;
  }

  public List<CanaryCondition> getConditions() {
    return conditions;
  }

  public void setConditions(List<CanaryCondition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public AnalysisStatus getAnalysis() {
    return analysis;
  }

  public void setAnalysis(AnalysisStatus analysis) {
    this.analysis = analysis;
  }

  public ControlStatus getControl() {
    return control;
  }

  public void setControl(ControlStatus control) {
    this.control = control;
  }

  public Boolean getPostRolloutPending() {
    return postRolloutPending;
  }

  public void setPostRolloutPending(Boolean postRolloutPending) {
    this.postRolloutPending = postRolloutPending;
  }
}
