package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** Request conditions that route to the canary. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AbMatch {

  @JsonPropertyDescription("Match on request headers.")
  private Map<String, HeaderStringMatch> headers;

  @JsonPropertyDescription("Match on query parameters.")
  private Map<String, StringMatch> queryParams;

  @JsonPropertyDescription("Match on labels of the calling workload.")
  private Map<String, String> sourceLabels;

  public Map<String, HeaderStringMatch> getHeaders() {
    return headers;
  }

  public void setHeaders(Map<String, HeaderStringMatch> headers) {
    this.headers = headers;
  }

  public Map<String, StringMatch> getQueryParams() {
    return queryParams;
  }

  public void setQueryParams(Map<String, StringMatch> queryParams) {
    this.queryParams = queryParams;
  }

  public Map<String, String> getSourceLabels() {
    return sourceLabels;
  }

  public void setSourceLabels(Map<String, String> sourceLabels) {
    this.sourceLabels = sourceLabels;
  }
}
