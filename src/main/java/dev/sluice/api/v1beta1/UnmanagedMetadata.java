package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Labels and annotations of generated objects that Sluice does not overwrite. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UnmanagedMetadata {

  @JsonPropertyDescription("Annotation keys left to others.")
  private List<String> annotations;

  @JsonPropertyDescription("Label keys left to others.")
  private List<String> labels;

  public List<String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(List<String> annotations) {
    this.annotations = annotations;
  }

  public List<String> getLabels() {
    return labels;
  }

  public void setLabels(List<String> labels) {
    this.labels = labels;
  }
}
