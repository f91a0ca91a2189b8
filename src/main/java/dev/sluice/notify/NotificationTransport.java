package dev.sluice.notify;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POSTs JSON to chat webhooks through the Vert.x Web Client, with a timeout, from a worker thread.
 *
 * <p>Contract: {@link #postJson} blocks at most the timeout plus a short grace, never throws, and
 * keeps the address, its path and proxy credentials out of every reason.
 */
@ApplicationScoped
public class NotificationTransport {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Beyond the request's own timeout, so that a response that trickles in cannot hold a tick. */
  private static final Duration WAIT_GRACE = Duration.ofMillis(250);

  private static final int MAX_BODY_IN_REASON = 200;

  private final Vertx vertx;
  private final Duration timeout;
  private final WebClient direct;
  private final ConcurrentMap<String, WebClient> viaProxy = new ConcurrentHashMap<>();

  @Inject
  public NotificationTransport(Vertx vertx) {
    this(vertx, DEFAULT_TIMEOUT);
  }

  public NotificationTransport(Vertx vertx, Duration timeout) {
    this.vertx = vertx;
    this.timeout =
        timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
    this.direct = WebClient.create(vertx, options());
  }

  private static WebClientOptions options() {
    return new WebClientOptions().setUserAgent("sluice").setFollowRedirects(false);
  }

  @PreDestroy
  public void close() {
    direct.close();
    viaProxy.values().forEach(WebClient::close);
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
    WebClient client;
    if (proxy == null || proxy.isBlank()) {
      client = direct;
    } else {
      URI proxyUri = httpUri(proxy);
      if (proxyUri == null) {
        return new NotifyResult.Failed(
            shown
                + ": invalid proxy "
                + AddressMask.mask(proxy)
                + ", expected http(s)://host:port");
      }
      client = viaProxy.computeIfAbsent(proxy.strip(), p -> proxied(proxyUri));
    }
    HttpRequest<Buffer> request = client.postAbs(uri.toString()).timeout(timeout.toMillis());
    request.putHeader("Content-Type", "application/json");
    if (headers != null) {
      headers.forEach(request::putHeader);
    }
    try {
      HttpResponse<Buffer> response =
          request
              .sendJsonObject(body)
              .toCompletionStage()
              .toCompletableFuture()
              .get(timeout.plus(WAIT_GRACE).toMillis(), TimeUnit.MILLISECONDS);
      int status = response.statusCode();
      if (status / 100 == 2) {
        return new NotifyResult.Sent(status);
      }
      return new NotifyResult.Failed(
          shown
              + " answered HTTP "
              + status
              + bodyExcerpt(AddressMask.scrub(response.bodyAsString(), address, proxy)));
    } catch (TimeoutException e) {
      return timedOut(shown);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof java.util.concurrent.TimeoutException
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
        shown + " did not answer within " + timeout.toMillis() + " ms (timeout)");
  }

  private WebClient proxied(URI proxyUri) {
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
    return WebClient.create(vertx, options().setProxyOptions(proxyOptions));
  }

  private static String bodyExcerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return ": "
        + (oneLine.length() > MAX_BODY_IN_REASON
            ? oneLine.substring(0, MAX_BODY_IN_REASON) + "..."
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
