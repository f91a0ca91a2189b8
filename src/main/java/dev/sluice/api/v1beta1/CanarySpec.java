package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * The desired rollout of a workload: what to roll out, how traffic reaches it, and how each step is
 * judged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CanarySpec {

  @JsonPropertyDescription(
      "Service mesh or ingress that shifts traffic: istio, linkerd, kubernetes, gatewayapi:v1, nginx, ... Defaults to the controller's sluice.mesh-provider.")
  private String provider;

  @JsonPropertyDescription(
      "Prometheus address for the builtin metrics of this canary; defaults to the controller's metrics server.")
  private String metricsServer;

  @JsonPropertyDescription(
      "Seconds a run may go without progress (a canary or primary that does not become ready) before it is rolled back. Default 600.")
  private Integer progressDeadlineSeconds;

  @JsonPropertyDescription("The workload to roll out (Deployment or DaemonSet).")
  @Required
  private LocalObjectReference targetRef;

  @JsonPropertyDescription(
      "Autoscaler of the target, cloned as <name>-primary for the primary workload.")
  private AutoscalerReference autoscalerRef;

  @JsonPropertyDescription("Ingress used by the nginx provider.")
  private LocalObjectReference ingressRef;

  @JsonPropertyDescription("APISIX route used by the apisix provider.")
  private LocalObjectReference routeRef;

  @JsonPropertyDescription("Gloo upstream used by the gloo provider.")
  private CrossNamespaceObjectReference upstreamRef;

  @JsonPropertyDescription(
      "How the workload is exposed: ports, hosts, gateways and routing rules copied to the mesh objects.")
  private CanaryService service;

  @JsonPropertyDescription("Promote a new revision without analysis.")
  private Boolean skipAnalysis;

  @JsonPropertyDescription("Restore the target workload and routing before the Canary is deleted.")
  private Boolean revertOnDeletion;

  @JsonPropertyDescription("Stop acting on this canary until set back to false.")
  private Boolean suspend;

  @JsonPropertyDescription("How the rollout advances and what it checks at each step.")
  @Required
  private CanaryAnalysis analysis;

  public String getProvider() {
    return provider;
  }

  public void setProvider(String provider) {
    this.provider = provider;
  }

  public String getMetricsServer() {
    return metricsServer;
  }

  public void setMetricsServer(String metricsServer) {
    this.metricsServer = metricsServer;
  }

  public Integer getProgressDeadlineSeconds() {
    return progressDeadlineSeconds;
  }

  public void setProgressDeadlineSeconds(Integer progressDeadlineSeconds) {
    this.progressDeadlineSeconds = progressDeadlineSeconds;
  }

  public LocalObjectReference getTargetRef() {
    return targetRef;
  }

  public void setTargetRef(LocalObjectReference targetRef) {
    this.targetRef = targetRef;
  }

  public AutoscalerReference getAutoscalerRef() {
    return autoscalerRef;
  }

  public void setAutoscalerRef(AutoscalerReference autoscalerRef) {
    this.autoscalerRef = autoscalerRef;
  }

  public LocalObjectReference getIngressRef() {
    return ingressRef;
  }

  public void setIngressRef(LocalObjectReference ingressRef) {
    this.ingressRef = ingressRef;
  }

  public LocalObjectReference getRouteRef() {
    return routeRef;
  }

  public void setRouteRef(LocalObjectReference routeRef) {
    this.routeRef = routeRef;
  }

  public CrossNamespaceObjectReference getUpstreamRef() {
    return upstreamRef;
  }

  public void setUpstreamRef(CrossNamespaceObjectReference upstreamRef) {
    this.upstreamRef = upstreamRef;
  }

  public CanaryService getService() {
    return service;
  }

  public void setService(CanaryService service) {
    this.service = service;
  }

  public Boolean getSkipAnalysis() {
    return skipAnalysis;
  }

  public void setSkipAnalysis(Boolean skipAnalysis) {
    this.skipAnalysis = skipAnalysis;
  }

  public Boolean getRevertOnDeletion() {
    return revertOnDeletion;
  }

  public void setRevertOnDeletion(Boolean revertOnDeletion) {
    this.revertOnDeletion = revertOnDeletion;
  }

  public Boolean getSuspend() {
    return suspend;
  }

  public void setSuspend(Boolean suspend) {
    this.suspend = suspend;
  }

  public CanaryAnalysis getAnalysis() {
    return analysis;
  }

  public void setAnalysis(CanaryAnalysis analysis) {
    this.analysis = analysis;
  }
}
