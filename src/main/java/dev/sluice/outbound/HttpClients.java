package dev.sluice.outbound;

import io.quarkus.value.registry.ValueRegistry;
import io.quarkus.vertx.http.HttpServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The HTTP clients of outgoing calls to Prometheus and webhooks: one that verifies TLS and one that
 * trusts any certificate, both reused, both {@link BoundedClient bounded} and both under the one
 * {@link AddressPolicy}.
 */
@ApplicationScoped
public class HttpClients {
  private final AddressPolicy policy;
  private final BoundedClient verifying;
  private final BoundedClient trustingAll;

  @Inject
  public HttpClients(Vertx vertx, OutboundConfig config, ValueRegistry registry) {
    this(
        vertx,
        new AddressPolicy(
            config.deny(), config.selfHosts(), () -> ownPorts(registry), AddressPolicy::lookUp));
  }

  /** With the default deny list and no self addresses: for clients built outside the app. */
  public HttpClients(Vertx vertx) {
    this(vertx, AddressPolicy.defaults());
  }

  public HttpClients(Vertx vertx, AddressPolicy policy) {
    this.policy = policy;
    this.verifying = new BoundedClient(vertx, options(), policy);
    this.trustingAll =
        new BoundedClient(vertx, options().setTrustAll(true).setVerifyHost(false), policy);
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

  /** Where the clients may go; for other clients of the application (chat). */
  public AddressPolicy policy() {
    return policy;
  }

  /** The ports Sluice listens on, as they are once its servers listen (0 and -1: none). */
  private static Set<Integer> ownPorts(ValueRegistry registry) {
    HttpServer server = HttpServer.INFO.get(registry);
    Set<Integer> ports = new HashSet<>();
    for (int port : List.of(server.getPort(), server.getSecurePort(), server.getManagementPort())) {
      if (port > 0) {
        ports.add(port);
      }
    }
    return ports;
  }

  @PreDestroy
  public void close() {
    verifying.close();
    trustingAll.close();
  }
}
