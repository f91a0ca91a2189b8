package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Istio connection pool settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConnectionPoolSettings {

  @JsonPropertyDescription("HTTP connection pool settings.")
  private HttpConnectionPool http;

  public HttpConnectionPool getHttp() {
    return http;
  }

  public void setHttp(HttpConnectionPool http) {
    this.http = http;
  }
}
