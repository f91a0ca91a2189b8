package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Istio locality load balancing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LocalityLbSetting {

  @JsonPropertyDescription("Traffic distribution between localities.")
  private List<LocalityDistribute> distribute;

  @JsonPropertyDescription("Enable locality load balancing.")
  private Boolean enabled;

  @JsonPropertyDescription("Failover between regions.")
  private List<LocalityFailover> failover;

  public List<LocalityDistribute> getDistribute() {
    return distribute;
  }

  public void setDistribute(List<LocalityDistribute> distribute) {
    this.distribute = distribute;
  }

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public List<LocalityFailover> getFailover() {
    return failover;
  }

  public void setFailover(List<LocalityFailover> failover) {
    this.failover = failover;
  }
}
