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

  /** The options every outgoing client starts from. */
  public static HttpClientOptions options() {
    return new HttpClientOptions();
  }

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
