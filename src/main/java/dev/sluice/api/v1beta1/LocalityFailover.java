package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Failover between regions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LocalityFailover {

  @JsonPropertyDescription("Origin region.")
  private String from;

  @JsonPropertyDescription("Destination region.")
  private String to;

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }
}
