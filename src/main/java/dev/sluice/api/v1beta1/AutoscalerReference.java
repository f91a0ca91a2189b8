package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.Map;

/** The autoscaler of the target workload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AutoscalerReference {

  @JsonPropertyDescription("API version of the autoscaler.")
  @Required
  private String apiVersion;

  @JsonPropertyDescription("HorizontalPodAutoscaler or ScaledObject.")
  @Required
  private String kind;

  @JsonPropertyDescription("Name of the autoscaler.")
  @Required
  private String name;

  @JsonPropertyDescription("KEDA trigger queries for the primary ScaledObject, by trigger name.")
  private Map<String, String> primaryScalerQueries;

  @JsonPropertyDescription(
      "Replica bounds of the primary autoscaler, when they differ from the target's.")
  private ScalerReplicas primaryScalerReplicas;

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Map<String, String> getPrimaryScalerQueries() {
    return primaryScalerQueries;
  }

  public void setPrimaryScalerQueries(Map<String, String> primaryScalerQueries) {
    this.primaryScalerQueries = primaryScalerQueries;
  }

  public ScalerReplicas getPrimaryScalerReplicas() {
    return primaryScalerReplicas;
  }

  public void setPrimaryScalerReplicas(ScalerReplicas primaryScalerReplicas) {
    this.primaryScalerReplicas = primaryScalerReplicas;
  }
}
