package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/** How the workload is exposed and routed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanaryService {

  @JsonPropertyDescription("Name of the apex Service; defaults to the target's name.")
  private String name;

  @JsonPropertyDescription("Port of the Services.")
  @Required
  private Integer port;

  @JsonPropertyDescription("Name of the Service port; defaults to http.")
  private String portName;

  @JsonPropertyDescription("Application protocol of the Service port.")
  private String appProtocol;

  @JsonPropertyDescription("Traffic distribution preference of the generated Services.")
  private String trafficDistribution;

  @JsonPropertyDescription("Container port the Services send to; defaults to port.")
  private IntOrString targetPort;

  @JsonPropertyDescription("Add every container port of the pod template to the Services.")
  private Boolean portDiscovery;

  @JsonPropertyDescription("Make the primary and canary Services headless.")
  private Boolean headless;

  @JsonPropertyDescription("Istio HTTP request timeout, e.g. 30s.")
  private String timeout;

  @JsonPropertyDescription("Backend timeout for Gateway API routes.")
  private String backendTimeout;

  @JsonPropertyDescription("App Mesh mesh name.")
  private String meshName;

  @JsonPropertyDescription("App Mesh backends.")
  private List<String> backends;

  @JsonPropertyDescription("Hosts of the VirtualService or route.")
  private List<String> hosts;

  @JsonPropertyDescription(
      "Make the VirtualService a delegate of another one (no hosts, no gateways).")
  private Boolean delegation;

  @JsonPropertyDescription("Istio HTTP match conditions for the canary route.")
  private List<HttpMatchRequest> match;

  @JsonPropertyDescription("Istio retry policy of the route.")
  private HttpRetry retries;

  @JsonPropertyDescription("Istio rewrite rule of the route.")
  private HttpRewrite rewrite;

  @JsonPropertyDescription("Gateway API request mirrors of the route.")
  private List<HttpMirror> mirror;

  @JsonPropertyDescription("Request and response header operations of the route.")
  private Headers headers;

  @JsonPropertyDescription("Istio gateways the VirtualService binds to.")
  private List<String> gateways;

  @JsonPropertyDescription("Gateway API parent references of the HTTPRoute.")
  private List<GatewayRef> gatewayRefs;

  @JsonPropertyDescription("Istio CORS policy of the route.")
  private CorsPolicy corsPolicy;

  @JsonPropertyDescription("Istio traffic policy of the primary and canary DestinationRules.")
  private TrafficPolicy trafficPolicy;

  @JsonPropertyDescription("Labels and annotations of the apex objects.")
  private CustomMetadata apex;

  @JsonPropertyDescription("Labels and annotations of the primary objects.")
  private CustomMetadata primary;

  @JsonPropertyDescription("Labels and annotations of the canary objects.")
  private CustomMetadata canary;

  @JsonPropertyDescription(
      "Labels and annotations of generated objects that Sluice leaves to others.")
  private UnmanagedMetadata unmanagedMetadata;

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

  public String getPortName() {
    return portName;
  }

  public void setPortName(String portName) {
    this.portName = portName;
  }

  public String getAppProtocol() {
    return appProtocol;
  }

  public void setAppProtocol(String appProtocol) {
    this.appProtocol = appProtocol;
  }

  public String getTrafficDistribution() {
    return trafficDistribution;
  }

  public void setTrafficDistribution(String trafficDistribution) {
    this.trafficDistribution = trafficDistribution;
  }

  public IntOrString getTargetPort() {
    return targetPort;
  }

  public void setTargetPort(IntOrString targetPort) {
    this.targetPort = targetPort;
  }

  public Boolean getPortDiscovery() {
    return portDiscovery;
  }

  public void setPortDiscovery(Boolean portDiscovery) {
    this.portDiscovery = portDiscovery;
  }

  public Boolean getHeadless() {
    return headless;
  }

  public void setHeadless(Boolean headless) {
    this.headless = headless;
  }

  public String getTimeout() {
    return timeout;
  }

  public void setTimeout(String timeout) {
    this.timeout = timeout;
  }

  public String getBackendTimeout() {
    return backendTimeout;
  }

  public void setBackendTimeout(String backendTimeout) {
    this.backendTimeout = backendTimeout;
  }

  public String getMeshName() {
    return meshName;
  }

  public void setMeshName(String meshName) {
    this.meshName = meshName;
  }

  public List<String> getBackends() {
    return backends;
  }

  public void setBackends(List<String> backends) {
    this.backends = backends;
  }

  public List<String> getHosts() {
    return hosts;
  }

  public void setHosts(List<String> hosts) {
    this.hosts = hosts;
  }

  public Boolean getDelegation() {
    return delegation;
  }

  public void setDelegation(Boolean delegation) {
    this.delegation = delegation;
  }

  public List<HttpMatchRequest> getMatch() {
    return match;
  }

  public void setMatch(List<HttpMatchRequest> match) {
    this.match = match;
  }

  public HttpRetry getRetries() {
    return retries;
  }

  public void setRetries(HttpRetry retries) {
    this.retries = retries;
  }

  public HttpRewrite getRewrite() {
    return rewrite;
  }

  public void setRewrite(HttpRewrite rewrite) {
    this.rewrite = rewrite;
  }

  public List<HttpMirror> getMirror() {
    return mirror;
  }

  public void setMirror(List<HttpMirror> mirror) {
    this.mirror = mirror;
  }

  public Headers getHeaders() {
    return headers;
  }

  public void setHeaders(Headers headers) {
    this.headers = headers;
  }

  public List<String> getGateways() {
    return gateways;
  }

  public void setGateways(List<String> gateways) {
    this.gateways = gateways;
  }

  public List<GatewayRef> getGatewayRefs() {
    return gatewayRefs;
  }

  public void setGatewayRefs(List<GatewayRef> gatewayRefs) {
    this.gatewayRefs = gatewayRefs;
  }

  public CorsPolicy getCorsPolicy() {
    return corsPolicy;
  }

  public void setCorsPolicy(CorsPolicy corsPolicy) {
    this.corsPolicy = corsPolicy;
  }

  public TrafficPolicy getTrafficPolicy() {
    return trafficPolicy;
  }

  public void setTrafficPolicy(TrafficPolicy trafficPolicy) {
    this.trafficPolicy = trafficPolicy;
  }

  public CustomMetadata getApex() {
    return apex;
  }

  public void setApex(CustomMetadata apex) {
    this.apex = apex;
  }

  public CustomMetadata getPrimary() {
    return primary;
  }

  public void setPrimary(CustomMetadata primary) {
    this.primary = primary;
  }

  public CustomMetadata getCanary() {
    return canary;
  }

  public void setCanary(CustomMetadata canary) {
    this.canary = canary;
  }

  public UnmanagedMetadata getUnmanagedMetadata() {
    return unmanagedMetadata;
  }

  public void setUnmanagedMetadata(UnmanagedMetadata unmanagedMetadata) {
    this.unmanagedMetadata = unmanagedMetadata;
  }
}
