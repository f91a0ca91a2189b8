package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A Gateway API request mirror. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpMirror {

  @JsonPropertyDescription("Backend that receives the mirrored requests.")
  @Required
  private MirrorBackendRef backendRef;

  public MirrorBackendRef getBackendRef() {
    return backendRef;
  }

  public void setBackendRef(MirrorBackendRef backendRef) {
    this.backendRef = backendRef;
  }
}
