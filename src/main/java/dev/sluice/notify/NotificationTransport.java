package dev.sluice.notify;

import dev.sluice.outbound.AddressPolicy;
import dev.sluice.outbound.AddressRefusedException;
import dev.sluice.outbound.AnswerTooLargeException;
import dev.sluice.outbound.BoundedAnswer;
import dev.sluice.outbound.BoundedClient;
import dev.sluice.outbound.BoundedRequest;
import dev.sluice.outbound.Bounds;
import dev.sluice.outbound.CredentialDigest;
import dev.sluice.outbound.HttpClients;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * POSTs JSON to chat webhooks through {@link BoundedClient}s (one direct, one per proxy), from a
 * worker thread.
 *
 * <p>Contract: {@link #postJson} blocks at most the timeout plus a short grace, never throws, and
 * keeps the address, its path and proxy credentials out of every reason. The timeout is a total
 * deadline (connect to last byte) that closes the connection when it passes; an answer longer than
 * the cap fails the send and closes the connection too.
 */
@ApplicationScoped
public class NotificationTransport {
  private static final Logger LOG = Logger.getLogger(NotificationTransport.class);

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Bytes of an answer read at most when no configuration says otherwise. */
  public static final long DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;

  private static final int MAX_BODY_LOGGED = 200;

  private final Vertx vertx;
  private final AddressPolicy policy;
  private final Bounds bounds;
  private final BoundedClient direct;
  // proxy digest -> its client; guarded by this, so that an idle client is never closed under a
  // send
  private final Map<String, ProxyClient> viaProxy = new HashMap<>();

  /** A client through one proxy and the sends in flight on it. */
  private static final class ProxyClient {
    final BoundedClient client;
    int inFlight;

    ProxyClient(BoundedClient client) {
      this.client = client;
    }
  }

  @Inject
  public NotificationTransport(Vertx vertx, NotifyConfig config, HttpClients http) {
    this(vertx, config.timeout(), config.maxAnswerBytes(), http.policy());
  }

  public NotificationTransport(Vertx vertx) {
    this(vertx, DEFAULT_TIMEOUT);
  }

  public NotificationTransport(Vertx vertx, Duration timeout) {
    this(vertx, timeout, DEFAULT_MAX_ANSWER_BYTES);
  }

  public NotificationTransport(Vertx vertx, Duration timeout, long maxAnswerBytes) {
    this(vertx, timeout, maxAnswerBytes, AddressPolicy.defaults());
  }

  public NotificationTransport(
      Vertx vertx, Duration timeout, long maxAnswerBytes, AddressPolicy policy) {
    this.vertx = vertx;
    this.policy = policy;
    this.bounds =
        new Bounds(
            timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout,
            maxAnswerBytes > 0 ? maxAnswerBytes : DEFAULT_MAX_ANSWER_BYTES);
    this.direct = new BoundedClient(vertx, HttpClients.options(), policy);
  }

  @PreDestroy
  public synchronized void close() {
    direct.close();
    viaProxy.values().forEach(proxied -> proxied.client.close());
    viaProxy.clear();
  }

  /**
   * Closes and drops the client of every proxy no send is using now; one used again is made again.
   * Called when a Canary is deleted, so that clients of proxies no AlertProvider names any more
   * (gone, or a rotated password) do not pile up.
   */
  public synchronized void dropIdleProxies() {
    viaProxy
        .values()
        .removeIf(
            proxied -> {
              if (proxied.inFlight > 0) {
                return false;
              }
              proxied.client.close();
              return true;
            });
  }

  /** Proxy clients held: for tests. */
  synchronized int heldProxies() {
    return viaProxy.size();
  }

  /** Whether any proxy key holds {@code text}: for tests. */
  synchronized boolean proxyKeysContain(String text) {
    return viaProxy.keySet().stream().anyMatch(key -> key.contains(text));
  }

  /**
   * @param service the service's name for reasons, e.g. {@code slack}
   * @param address the webhook address (a secret)
   * @param proxy an HTTP(S) proxy address or null
   * @param headers extra headers, e.g. {@code Authorization} (values never shown)
   */
  public NotifyResult postJson(
      String service, String address, String proxy, Map<String, String> headers, JsonObject body) {
    String shown = service + " webhook " + AddressMask.mask(address);
    if (Context.isOnEventLoopThread()) {
      return new NotifyResult.Failed(
          shown + ": called on an event-loop thread; it blocks and must run on a worker");
    }
    URI uri = httpUri(address);
    if (uri == null) {
      return new NotifyResult.Failed(shown + ": invalid address, expected http(s)://host/path");
    }
    if (proxy == null || proxy.isBlank()) {
      return send(direct, shown, uri, address, proxy, headers, body);
    }
    URI proxyUri = httpUri(proxy);
    if (proxyUri == null) {
      return new NotifyResult.Failed(
          shown + ": invalid proxy " + AddressMask.mask(proxy) + ", expected http(s)://host:port");
    }
    ProxyClient proxied = acquire(proxy.strip(), proxyUri);
    try {
      return send(proxied.client, shown, uri, address, proxy, headers, body);
    } finally {
      release(proxied);
    }
  }

  /** The client of a proxy, kept under a digest: the proxy's address may hold its password. */
  private synchronized ProxyClient acquire(String proxy, URI proxyUri) {
    ProxyClient proxied =
        viaProxy.computeIfAbsent(
            CredentialDigest.of(proxy), key -> new ProxyClient(proxied(proxyUri)));
    proxied.inFlight++;
    return proxied;
  }

  private synchronized void release(ProxyClient proxied) {
    proxied.inFlight--;
  }

  private NotifyResult send(
      BoundedClient client,
      String shown,
      URI uri,
      String address,
      String proxy,
      Map<String, String> headers,
      JsonObject body) {
    BoundedRequest request =
        BoundedRequest.postJson(uri.toString(), body == null ? null : body.toBuffer(), bounds);
    if (headers != null) {
      headers.forEach(request::setHeader);
    }
    try {
      BoundedAnswer response = client.call(request);
      int status = response.status();
      if (status / 100 == 2) {
        return new NotifyResult.Sent(status);
      }
      // never the answer: a chat address is the tenant's to choose, any service's answer could
      // land in Events; the service's words go to the debug log
      LOG.debugf(
          "%s answered HTTP %d: %s",
          shown, status, bodyExcerpt(AddressMask.scrub(response.bodyAsString(), address, proxy)));
      int length = response.body().length();
      return new NotifyResult.Failed(
          shown
              + " answered HTTP "
              + status
              + (length == 0 ? "" : " (an answer of " + length + " bytes, not shown)"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof AnswerTooLargeException) {
        return new NotifyResult.Failed(shown + ": " + cause.getMessage());
      }
      if (cause instanceof AddressRefusedException) {
        return new NotifyResult.Failed(shown + ": refused, " + cause.getMessage());
      }
      if (cause instanceof TimeoutException
          || String.valueOf(cause.getMessage()).contains("timeout")) {
        return timedOut(shown);
      }
      return new NotifyResult.Failed(
          shown
              + " unreachable: "
              + cause.getClass().getSimpleName()
              + ": "
              + AddressMask.scrub(cause.getMessage(), address, proxy));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new NotifyResult.Failed(shown + ": interrupted while waiting for the answer");
    } catch (RuntimeException e) {
      return new NotifyResult.Failed(
          shown + ": " + AddressMask.scrub(String.valueOf(e.getMessage()), address, proxy));
    }
  }

  private NotifyResult timedOut(String shown) {
    return new NotifyResult.Failed(
        shown + " did not answer within " + bounds.deadline().toMillis() + " ms (timeout)");
  }

  private BoundedClient proxied(URI proxyUri) {
    ProxyOptions proxyOptions =
        new ProxyOptions()
            .setType(ProxyType.HTTP)
            .setHost(proxyUri.getHost())
            .setPort(
                proxyUri.getPort() > 0
                    ? proxyUri.getPort()
                    : "https".equals(proxyUri.getScheme()) ? 443 : 80);
    String userInfo = proxyUri.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      proxyOptions.setUsername(colon < 0 ? userInfo : userInfo.substring(0, colon));
      proxyOptions.setPassword(colon < 0 ? "" : userInfo.substring(colon + 1));
    }
    return new BoundedClient(vertx, HttpClients.options().setProxyOptions(proxyOptions), policy);
  }

  private static String bodyExcerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return (oneLine.length() > MAX_BODY_LOGGED
        ? oneLine.substring(0, MAX_BODY_LOGGED) + "..."
        : oneLine);
  }

  private static URI httpUri(String address) {
    if (address == null) {
      return null;
    }
    try {
      URI uri = URI.create(address.strip());
      if (uri.getHost() == null || uri.getScheme() == null || !uri.getScheme().matches("https?")) {
        return null;
      }
      return uri;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
