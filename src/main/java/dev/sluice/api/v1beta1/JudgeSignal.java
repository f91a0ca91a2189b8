package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Sluice only: one signal the judge compares, as counts per interval for the canary and for the
 * primary: all requests, and the bad ones among them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JudgeSignal {
  /** The builtin signal of failed requests (5xx answers). */
  public static final String ERRORS = "errors";

  /** The builtin signal of requests slower than {@code slowerThan}. */
  public static final String LATENCY = "latency";

  @JsonPropertyDescription(
      "Sluice only: errors and latency are builtin for every provider with builtin queries; any other name needs requestsTemplateRef and badTemplateRef.")
  private String name;

  @JsonPropertyDescription(
      "Sluice only, latency: a request slower than this counts as bad, e.g. 500ms; the histogram must have a bucket at this bound.")
  private String slowerThan;

  @JsonPropertyDescription(
      "Sluice only: MetricTemplate counting all requests over {{ interval }}; rendered once with {{ target }} the canary's workload and once the primary's.")
  private CrossNamespaceReference requestsTemplateRef;

  @JsonPropertyDescription(
      "Sluice only: MetricTemplate counting the bad requests over {{ interval }}; rendered as requestsTemplateRef.")
  private CrossNamespaceReference badTemplateRef;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getSlowerThan() {
    return slowerThan;
  }

  public void setSlowerThan(String slowerThan) {
    this.slowerThan = slowerThan;
  }

  public CrossNamespaceReference getRequestsTemplateRef() {
    return requestsTemplateRef;
  }

  public void setRequestsTemplateRef(CrossNamespaceReference requestsTemplateRef) {
    this.requestsTemplateRef = requestsTemplateRef;
  }

  public CrossNamespaceReference getBadTemplateRef() {
    return badTemplateRef;
  }

  public void setBadTemplateRef(CrossNamespaceReference badTemplateRef) {
    this.badTemplateRef = badTemplateRef;
  }
}
