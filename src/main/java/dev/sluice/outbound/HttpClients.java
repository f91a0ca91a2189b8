package dev.sluice.outbound;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The HTTP clients of outgoing calls to Prometheus and webhooks: one that verifies TLS and one that
 * trusts any certificate, both reused, both {@link BoundedClient bounded}.
 */
@ApplicationScoped
public class HttpClients {
  private final BoundedClient verifying;
  private final BoundedClient trustingAll;

  @Inject
  public HttpClients(Vertx vertx) {
    this.verifying = new BoundedClient(vertx, options());
    this.trustingAll = new BoundedClient(vertx, options().setTrustAll(true).setVerifyHost(false));
  }

  /**
   * The options every outgoing client starts from. Connections per host are not the Vert.x default
   * of 5: canaries share receivers (one load tester, one Prometheus), each tick waits on at most
   * one call, and five calls stuck on a shared host would make every other canary's call to it
   * queue for a connection until its deadline. Every call still has its own deadline.
   */
  public static HttpClientOptions options() {
    return new HttpClientOptions().setMaxPoolSize(MAX_CONNECTIONS_PER_HOST);
  }

  /**
   * Connections to one host at most, per client: beyond the canaries that call one host at once.
   */
  static final int MAX_CONNECTIONS_PER_HOST = 256;

  /** The client to use; {@code skipTlsVerify} accepts any certificate and host name. */
  public BoundedClient client(boolean skipTlsVerify) {
    return skipTlsVerify ? trustingAll : verifying;
  }

  @PreDestroy
  public void close() {
    verifying.close();
    trustingAll.close();
  }
}
