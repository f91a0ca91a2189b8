package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Istio load balancer settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoadBalancerSettings {

  @JsonPropertyDescription("Consistent hashing.")
  private ConsistentHash consistentHash;

  @JsonPropertyDescription("Locality load balancing.")
  private LocalityLbSetting localityLbSetting;

  @JsonPropertyDescription("ROUND_ROBIN, LEAST_CONN, RANDOM, PASSTHROUGH or LEAST_REQUEST.")
  private String simple;

  @JsonPropertyDescription("Warm-up duration of new endpoints.")
  private String warmupDurationSecs;

  public ConsistentHash getConsistentHash() {
    return consistentHash;
  }

  public void setConsistentHash(ConsistentHash consistentHash) {
    this.consistentHash = consistentHash;
  }

  public LocalityLbSetting getLocalityLbSetting() {
    return localityLbSetting;
  }

  public void setLocalityLbSetting(LocalityLbSetting localityLbSetting) {
    this.localityLbSetting = localityLbSetting;
  }

  public String getSimple() {
    return simple;
  }

  public void setSimple(String simple) {
    this.simple = simple;
  }

  public String getWarmupDurationSecs() {
    return warmupDurationSecs;
  }

  public void setWarmupDurationSecs(String warmupDurationSecs) {
    this.warmupDurationSecs = warmupDurationSecs;
  }
}
