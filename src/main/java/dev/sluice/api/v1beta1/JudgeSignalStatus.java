package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Sluice only: the judge's evidence for one signal in the current run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JudgeSignalStatus {

  @JsonPropertyDescription("Sluice only: the signal.")
  private String name;

  @JsonPropertyDescription("Sluice only: intervals with counts so far in this run.")
  private Integer intervals;

  @JsonPropertyDescription("Sluice only: the canary's requests so far in this run.")
  private Long canaryRequests;

  @JsonPropertyDescription(
      "Sluice only: the canary's bad requests (errors, or slower than the bound) so far in this run.")
  private Long canaryBad;

  @JsonPropertyDescription("Sluice only: the primary's requests over the same intervals.")
  private Long primaryRequests;

  @JsonPropertyDescription("Sluice only: the primary's bad requests over the same intervals.")
  private Long primaryBad;

  @JsonPropertyDescription(
      "Sluice only: the primary's rate of bad requests read from its history before the run; absent when none was read.")
  private Double baselineRate;

  @JsonPropertyDescription(
      "Sluice only: how bursty the primary's bad requests were in its history before the run, as their variance over that of steady (Poisson) errors, minus one; 0 when within chance.")
  private Double dispersion;

  @JsonPropertyDescription(
      "Sluice only, internal: how far the canary's rate may stand from the primary's in one interval by bursts of each version's own, as ratios learnt from the primary's history; absent for steady errors.")
  private List<Double> burstRatios;

  @JsonPropertyDescription("Sluice only, internal: the share of each of burstRatios.")
  private List<Double> burstWeights;

  public List<Double> getBurstRatios() {
    return burstRatios;
  }

  public void setBurstRatios(List<Double> burstRatios) {
    this.burstRatios = burstRatios;
  }

  public List<Double> getBurstWeights() {
    return burstWeights;
  }

  public void setBurstWeights(List<Double> burstWeights) {
    this.burstWeights = burstWeights;
  }

  @JsonPropertyDescription(
      "Sluice only, internal: the natural logarithm of the evidence against each of the alternatives the judge mixes, in its fixed order.")
  private List<Double> logEvidence;

  @JsonPropertyDescription(
      "Sluice only: the evidence that the canary fails more often than the primary beyond the tolerance (an e-value); the run rolls back when it reaches bound.")
  private Double evidence;

  @JsonPropertyDescription("Sluice only: the evidence that rolls back, 1/alpha.")
  private Double bound;

  @JsonPropertyDescription(
      "Sluice only: Pass, NoData (no requests or no bad requests this interval) or Rollback.")
  private String verdict;

  @JsonPropertyDescription("Sluice only: the counts and the evidence in words.")
  private String reason;

  @JsonPropertyDescription("Sluice only: when the signal was last judged (RFC 3339).")
  private String lastUpdateTime;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getIntervals() {
    return intervals;
  }

  public void setIntervals(Integer intervals) {
    this.intervals = intervals;
  }

  public Long getCanaryRequests() {
    return canaryRequests;
  }

  public void setCanaryRequests(Long canaryRequests) {
    this.canaryRequests = canaryRequests;
  }

  public Long getCanaryBad() {
    return canaryBad;
  }

  public void setCanaryBad(Long canaryBad) {
    this.canaryBad = canaryBad;
  }

  public Long getPrimaryRequests() {
    return primaryRequests;
  }

  public void setPrimaryRequests(Long primaryRequests) {
    this.primaryRequests = primaryRequests;
  }

  public Long getPrimaryBad() {
    return primaryBad;
  }

  public void setPrimaryBad(Long primaryBad) {
    this.primaryBad = primaryBad;
  }

  public Double getBaselineRate() {
    return baselineRate;
  }

  public void setBaselineRate(Double baselineRate) {
    this.baselineRate = baselineRate;
  }

  public Double getDispersion() {
    return dispersion;
  }

  public void setDispersion(Double dispersion) {
    this.dispersion = dispersion;
  }

  public List<Double> getLogEvidence() {
    return logEvidence;
  }

  public void setLogEvidence(List<Double> logEvidence) {
    this.logEvidence = logEvidence;
  }

  public Double getEvidence() {
    return evidence;
  }

  public void setEvidence(Double evidence) {
    this.evidence = evidence;
  }

  public Double getBound() {
    return bound;
  }

  public void setBound(Double bound) {
    this.bound = bound;
  }

  public String getVerdict() {
    return verdict;
  }

  public void setVerdict(String verdict) {
    this.verdict = verdict;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getLastUpdateTime() {
    return lastUpdateTime;
  }

  public void setLastUpdateTime(String lastUpdateTime) {
    this.lastUpdateTime = lastUpdateTime;
  }
}
