package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

/** Istio HTTPMatchRequest: conditions a request must meet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpMatchRequest {

  @JsonPropertyDescription("Match on the authority (host) header.")
  private StringMatch authority;

  @JsonPropertyDescription("Gateways this match applies to.")
  private List<String> gateways;

  @JsonPropertyDescription("Match on request headers.")
  private Map<String, StringMatch> headers;

  @JsonPropertyDescription("Match the URI case-insensitively.")
  private Boolean ignoreUriCase;

  @JsonPropertyDescription("Match on the HTTP method.")
  private StringMatch method;

  @JsonPropertyDescription("Name of the match, for logs.")
  private String name;

  @JsonPropertyDescription("Match on the destination port.")
  private Integer port;

  @JsonPropertyDescription("Match on query parameters.")
  private Map<String, StringMatch> queryParams;

  @JsonPropertyDescription("Match on the URI scheme.")
  private StringMatch scheme;

  @JsonPropertyDescription("Match on labels of the calling workload.")
  private Map<String, String> sourceLabels;

  @JsonPropertyDescription("Match on the namespace of the caller.")
  private String sourceNamespace;

  @JsonPropertyDescription("Match on the URI.")
  private StringMatch uri;

  @JsonPropertyDescription("Match requests without these headers.")
  private Map<String, StringMatch> withoutHeaders;

  public StringMatch getAuthority() {
    return authority;
  }

  public void setAuthority(StringMatch authority) {
    this.authority = authority;
  }

  public List<String> getGateways() {
    return gateways;
  }

  public void setGateways(List<String> gateways) {
    this.gateways = gateways;
  }

  public Map<String, StringMatch> getHeaders() {
    return headers;
  }

  public void setHeaders(Map<String, StringMatch> headers) {
    this.headers = headers;
  }

  public Boolean getIgnoreUriCase() {
    return ignoreUriCase;
  }

  public void setIgnoreUriCase(Boolean ignoreUriCase) {
    this.ignoreUriCase = ignoreUriCase;
  }

  public StringMatch getMethod() {
    return method;
  }

  public void setMethod(StringMatch method) {
    this.method = method;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getPort() {
    return port;
  }

  public void setPort(Integer port) {
    this.port = port;
  }

  public Map<String, StringMatch> getQueryParams() {
    return queryParams;
  }

  public void setQueryParams(Map<String, StringMatch> queryParams) {
    this.queryParams = queryParams;
  }

  public StringMatch getScheme() {
    return scheme;
  }

  public void setScheme(StringMatch scheme) {
    this.scheme = scheme;
  }

  public Map<String, String> getSourceLabels() {
    return sourceLabels;
  }

  public void setSourceLabels(Map<String, String> sourceLabels) {
    this.sourceLabels = sourceLabels;
  }

  public String getSourceNamespace() {
    return sourceNamespace;
  }

  public void setSourceNamespace(String sourceNamespace) {
    this.sourceNamespace = sourceNamespace;
  }

  public StringMatch getUri() {
    return uri;
  }

  public void setUri(StringMatch uri) {
    this.uri = uri;
  }

  public Map<String, StringMatch> getWithoutHeaders() {
    return withoutHeaders;
  }

  public void setWithoutHeaders(Map<String, StringMatch> withoutHeaders) {
    this.withoutHeaders = withoutHeaders;
  }
}
