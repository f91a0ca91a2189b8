package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Request and response header operations. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Headers {

  @JsonPropertyDescription("Operations on request headers.")
  private HeaderOperations request;

  @JsonPropertyDescription("Operations on response headers.")
  private HeaderOperations response;

  public HeaderOperations getRequest() {
    return request;
  }

  public void setRequest(HeaderOperations request) {
    this.request = request;
  }

  public HeaderOperations getResponse() {
    return response;
  }

  public void setResponse(HeaderOperations response) {
    this.response = response;
  }
}
