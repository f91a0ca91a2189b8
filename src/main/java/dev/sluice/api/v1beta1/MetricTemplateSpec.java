package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A reusable metric query. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricTemplateSpec {

  @JsonPropertyDescription("Where the query runs.")
  @Required
  private MetricTemplateProvider provider;

  @JsonPropertyDescription(
      "Query template with {{ name }}, {{ namespace }}, {{ target }}, {{ service }}, {{ ingress }}, {{ interval }} and {{ variables.* }}.")
  @Required
  private String query;

  public MetricTemplateProvider getProvider() {
    return provider;
  }

  public void setProvider(MetricTemplateProvider provider) {
    this.provider = provider;
  }

  public String getQuery() {
    return query;
  }

  public void setQuery(String query) {
    this.query = query;
  }
}
