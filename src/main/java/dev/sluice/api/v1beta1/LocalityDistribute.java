package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** Traffic distribution from one locality. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LocalityDistribute {

  @JsonPropertyDescription("Origin locality.")
  private String from;

  @JsonPropertyDescription("Weights by destination locality.")
  private Map<String, Integer> to;

  public String getFrom() {
    return from;
  }

  public void setFrom(String from) {
    this.from = from;
  }

  public Map<String, Integer> getTo() {
    return to;
  }

  public void setTo(Map<String, Integer> to) {
    this.to = to;
  }
}
