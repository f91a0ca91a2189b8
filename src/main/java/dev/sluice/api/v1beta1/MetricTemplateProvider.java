package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.List;
import java.util.Map;

/** The metrics backend of a MetricTemplate. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MetricTemplateProvider {

  @JsonPropertyDescription(
      "prometheus, datadog, ... A type no metric provider of Sluice answers to is a failed"
          + " check that names it.")
  @Required
  private String type;

  @JsonPropertyDescription("Address of the backend.")
  private String address;

  @JsonPropertyDescription("Extra HTTP headers, e.g. a tenant header.")
  private Map<String, List<String>> headers;

  @JsonPropertyDescription("Secret with credentials: token, or username and password.")
  private LocalReference secretRef;

  @JsonPropertyDescription("Region of cloud backends.")
  private String region;

  @JsonPropertyDescription("Skip TLS verification.")
  private Boolean insecureSkipVerify;

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public Map<String, List<String>> getHeaders() {
    return headers;
  }

  public void setHeaders(Map<String, List<String>> headers) {
    this.headers = headers;
  }

  public LocalReference getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(LocalReference secretRef) {
    this.secretRef = secretRef;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public Boolean getInsecureSkipVerify() {
    return insecureSkipVerify;
  }

  public void setInsecureSkipVerify(Boolean insecureSkipVerify) {
    this.insecureSkipVerify = insecureSkipVerify;
  }
}
