package dev.sluice.metricprovider.prometheus;

import dev.sluice.outbound.CredentialDigest;
import dev.sluice.query.QueryResult;
import java.net.URI;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * The retry, circuit breaker and bulkheads each query goes through. Breakers are per Prometheus
 * address and canary, so that one canary's slow or failing queries open only its own; a bulkhead
 * per server caps the queries in flight to it, all canaries together, and one per server and canary
 * keeps one canary from taking every one of them.
 *
 * <p>Keys hold no credential: the address with its user info is kept as a digest, the server as
 * scheme, host and port. Everything of a canary goes with {@link #forget(String)}, and a server's
 * bulkhead once no canary asks it any more.
 */
final class PrometheusGuards {
  /** One canary's breaker for one address. */
  private record BreakerKey(String server, String addressDigest, String canary) {}

  /** One canary's share of one server. */
  private record ShareKey(String server, String canary) {}

  private final PrometheusConfig config;
  private final ConcurrentMap<BreakerKey, AddressGuard> breakers = new ConcurrentHashMap<>();
  private final ConcurrentMap<ShareKey, Semaphore> shares = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Semaphore> servers = new ConcurrentHashMap<>();

  PrometheusGuards(PrometheusConfig config) {
    this.config = config;
  }

  /**
   * Runs {@code attempt} for {@code canary} against {@code uri}. A query over either bulkhead is
   * not sent: it is no data, which the metric's no-data policy judges, since it says nothing about
   * the canary; the semaphores never queue, so a full bulkhead holds no worker.
   */
  QueryResult call(
      PrometheusEndpoint endpoint, URI uri, String canary, Callable<QueryResult> attempt) {
    String server = server(uri);
    int perCanary = config.bulkhead().maxConcurrentPerCanary();
    Semaphore share =
        shares.computeIfAbsent(new ShareKey(server, canary), k -> new Semaphore(perCanary));
    if (!share.tryAcquire()) {
      return busy(endpoint, perCanary + " queries of " + canary + " already in flight");
    }
    try {
      int total = config.bulkhead().maxConcurrent();
      Semaphore all = servers.computeIfAbsent(server, k -> new Semaphore(total));
      if (!all.tryAcquire()) {
        return busy(endpoint, total + " queries already in flight");
      }
      try {
        AddressGuard breaker =
            breakers.computeIfAbsent(
                new BreakerKey(server, CredentialDigest.of(endpoint.address()), canary),
                k -> new AddressGuard(endpoint.shownAddress(), config));
        return breaker.call(attempt);
      } finally {
        all.release();
      }
    } finally {
      share.release();
    }
  }

  /**
   * Drops the breakers and shares of a canary that is gone, and the bulkhead of every server no
   * canary asks any more. A query of the canary still in flight finishes on what it holds.
   */
  void forget(String canary) {
    breakers.keySet().removeIf(key -> key.canary().equals(canary));
    shares.keySet().removeIf(key -> key.canary().equals(canary));
    servers
        .keySet()
        .removeIf(
            server ->
                breakers.keySet().stream().noneMatch(key -> key.server().equals(server))
                    && shares.keySet().stream().noneMatch(key -> key.server().equals(server)));
  }

  /** Entries held, breakers, shares and server bulkheads together: for tests. */
  int size() {
    return breakers.size() + shares.size() + servers.size();
  }

  /** Whether any key held names {@code text} (a canary, a credential): for tests. */
  boolean anyKeyContains(String text) {
    return breakers.keySet().stream().anyMatch(k -> k.toString().contains(text))
        || shares.keySet().stream().anyMatch(k -> k.toString().contains(text))
        || servers.keySet().stream().anyMatch(k -> k.contains(text));
  }

  private static QueryResult busy(PrometheusEndpoint endpoint, String why) {
    return new QueryResult.NoData(
        "Prometheus " + endpoint.shownAddress() + " is busy: " + why + "; query not sent");
  }

  /** Scheme, host and port: the server, whatever user info or path prefix an address names. */
  private static String server(URI uri) {
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}
