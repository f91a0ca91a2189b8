package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Istio traffic policy of a DestinationRule. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrafficPolicy {

  @JsonPropertyDescription("Connection pool settings.")
  private ConnectionPoolSettings connectionPool;

  @JsonPropertyDescription("Load balancer settings.")
  private LoadBalancerSettings loadBalancer;

  @JsonPropertyDescription("Outlier detection settings.")
  private OutlierDetection outlierDetection;

  @JsonPropertyDescription("TLS settings for upstream connections.")
  private ClientTlsSettings tls;

  public ConnectionPoolSettings getConnectionPool() {
    return connectionPool;
  }

  public void setConnectionPool(ConnectionPoolSettings connectionPool) {
    this.connectionPool = connectionPool;
  }

  public LoadBalancerSettings getLoadBalancer() {
    return loadBalancer;
  }

  public void setLoadBalancer(LoadBalancerSettings loadBalancer) {
    this.loadBalancer = loadBalancer;
  }

  public OutlierDetection getOutlierDetection() {
    return outlierDetection;
  }

  public void setOutlierDetection(OutlierDetection outlierDetection) {
    this.outlierDetection = outlierDetection;
  }

  public ClientTlsSettings getTls() {
    return tls;
  }

  public void setTls(ClientTlsSettings tls) {
    this.tls = tls;
  }
}
