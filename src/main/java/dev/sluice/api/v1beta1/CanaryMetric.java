package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** A metric check. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryMetric {

  @JsonPropertyDescription(
      "Name of the metric: request-success-rate, request-duration, or any name with a templateRef.")
  @Required
  private String name;

  @JsonPropertyDescription("Window of the query, e.g. 1m.")
  private String interval;

  @JsonPropertyDescription(
      "Deprecated, use thresholdRange. Without a thresholdRange: the minimum of request-success-rate, the maximum of request-duration and of any other metric.")
  private Double threshold;

  @JsonPropertyDescription("Range the value must lie in.")
  private ThresholdRange thresholdRange;

  @JsonPropertyDescription("Inline query (deprecated, use templateRef).")
  private String query;

  @JsonPropertyDescription("MetricTemplate that holds the query.")
  private CrossNamespaceReference templateRef;

  @JsonPropertyDescription("Values for {{ variables.* }} in the template.")
  private Map<String, String> templateVariables;

  // A string in Java, an enum in the schema: the API server rejects other values, and a value this
  // build does not know (written for a newer Sluice) does not make the whole Canary unreadable.
  @JsonPropertyDescription(
      "Sluice only: what a check without data does: fail (count a failed check, as Flagger does; the default), hold (neither advance nor count this step) or skip (ignore this metric this step).")
  @SchemaFrom(type = NoDataPolicy.class)
  private String noData;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getInterval() {
    return interval;
  }

  public void setInterval(String interval) {
    this.interval = interval;
  }

  public Double getThreshold() {
    return threshold;
  }

  public void setThreshold(Double threshold) {
    this.threshold = threshold;
  }

  public ThresholdRange getThresholdRange() {
    return thresholdRange;
  }

  public void setThresholdRange(ThresholdRange thresholdRange) {
    this.thresholdRange = thresholdRange;
  }

  public String getQuery() {
    return query;
  }

  public void setQuery(String query) {
    this.query = query;
  }

  public CrossNamespaceReference getTemplateRef() {
    return templateRef;
  }

  public void setTemplateRef(CrossNamespaceReference templateRef) {
    this.templateRef = templateRef;
  }

  public Map<String, String> getTemplateVariables() {
    return templateVariables;
  }

  public void setTemplateVariables(Map<String, String> templateVariables) {
    this.templateVariables = templateVariables;
  }

  public String getNoData() {
    return noData;
  }

  public void setNoData(String noData) {
    this.noData = noData;
  }
}
