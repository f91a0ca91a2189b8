package dev.sluice.outbound;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The Vert.x Web Clients of every outgoing call (Prometheus, webhooks): one that verifies TLS and
 * one that trusts any certificate, both reused, neither following redirects.
 */
@ApplicationScoped
public class HttpClients {
  private final WebClient verifying;
  private final WebClient trustingAll;

  @Inject
  public HttpClients(Vertx vertx) {
    this.verifying = WebClient.create(vertx, options());
    this.trustingAll = WebClient.create(vertx, options().setTrustAll(true).setVerifyHost(false));
  }

  private static WebClientOptions options() {
    return new WebClientOptions().setUserAgent("sluice").setFollowRedirects(false);
  }

  /** The client to use; {@code skipTlsVerify} accepts any certificate and host name. */
  public WebClient client(boolean skipTlsVerify) {
    return skipTlsVerify ? trustingAll : verifying;
  }

  @PreDestroy
  public void close() {
    verifying.close();
    trustingAll.close();
  }
}
