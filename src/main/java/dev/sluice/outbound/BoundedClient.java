package dev.sluice.outbound;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.ext.web.codec.BodyCodec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one way Sluice makes an outgoing HTTP call: every call has a total deadline and a cap on the
 * answer's body, and ends its request when either is reached or the caller stops waiting.
 *
 * <p>Calls go through the Vert.x Web Client, but its request timeout is an idle timeout (a receiver
 * that sends a byte a second never trips it) and it buffers the whole body; so the body is piped
 * into a counting stream, and the deadline is a timer. When the deadline passes, the body passes
 * the cap, or the waiting thread is interrupted, the request is reset: an HTTP/1.1 connection is
 * closed, so the receiver sees it go and no bytes are read after the call returned. The request to
 * reset is taken from the Web Client's interceptor chain, the one place it exposes it.
 *
 * <p>Contract: {@link #call} blocks the calling thread at most the name lookup (the JVM caches it)
 * plus the deadline plus a short grace, and must not run on an event loop. It returns a complete
 * answer (any status) or throws {@link ExecutionException} whose cause is a {@link
 * DeadlineExceededException}, an {@link AnswerTooLargeException}, an {@link
 * AddressRefusedException} (the {@link AddressPolicy} refused the address; nothing was sent), an
 * {@link java.net.UnknownHostException} or the transport's error. Redirects are not followed.
 *
 * <p>The address is checked on the resolved IP, and the connection goes to that IP (the request's
 * host stays the name, for the Host header, SNI and certificate checks), so that a name cannot
 * resolve to one address for the check and to another for the call. Through a proxy the proxy is
 * checked and pinned by nothing but its own check, and the proxy resolves the target's name: the
 * target is checked on this host's answer, or as written when this host cannot resolve it.
 */
public final class BoundedClient implements AutoCloseable {
  /** Beyond the deadline, for the timer's own lateness on a busy event loop. */
  private static final Duration WAIT_GRACE = Duration.ofMillis(250);

  private final Vertx vertx;
  private final HttpClient client;
  private final AddressPolicy policy;
  private final boolean proxied;
  private final String proxyUrl;
  // the request names itself ("sluice"), so the Web Client adds no agent of its own
  private final WebClientOptions webOptions =
      new WebClientOptions().setFollowRedirects(false).setUserAgentEnabled(false);

  /** Under the default deny list, with no self addresses. */
  public BoundedClient(Vertx vertx, HttpClientOptions options) {
    this(vertx, options, AddressPolicy.defaults());
  }

  public BoundedClient(Vertx vertx, HttpClientOptions options, AddressPolicy policy) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(options);
    this.policy = policy;
    this.proxied = options.getProxyOptions() != null;
    this.proxyUrl =
        proxied
            ? "http://"
                + options.getProxyOptions().getHost()
                + ":"
                + options.getProxyOptions().getPort()
            : null;
  }

  /** A request's answer, or why there is none; see the class. */
  public BoundedAnswer call(BoundedRequest request)
      throws ExecutionException, InterruptedException {
    InetAddress pinned = null;
    if (proxied) {
      checkThroughProxy(request.url());
    } else {
      try {
        AddressPolicy.Verdict verdict = policy.check(request.url());
        if (verdict instanceof AddressPolicy.Refused refused) {
          throw new ExecutionException(new AddressRefusedException(refused.reason()));
        }
        pinned = ((AddressPolicy.Allowed) verdict).address();
      } catch (UnknownHostException e) {
        throw new ExecutionException(e);
      }
    }
    Exchange exchange = new Exchange(request.bounds(), pinned);
    exchange.start(request);
    try {
      return exchange
          .answer()
          .toCompletionStage()
          .toCompletableFuture()
          .get(request.bounds().deadline().plus(WAIT_GRACE).toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      DeadlineExceededException late = new DeadlineExceededException(request.bounds());
      exchange.end(late);
      throw new ExecutionException(late);
    } catch (InterruptedException e) {
      exchange.end(new CancellationException("the caller stopped waiting"));
      throw e;
    }
  }

  /**
   * Through a proxy, the proxy is where this client connects, so its address is checked as any
   * other; the target is checked as well, but the proxy resolves its name: a name this host cannot
   * resolve (proxies often serve names the pod's DNS does not know) is checked as written only.
   */
  private void checkThroughProxy(String url) throws ExecutionException {
    try {
      if (policy.check(proxyUrl) instanceof AddressPolicy.Refused refused) {
        throw new ExecutionException(new AddressRefusedException("the proxy " + refused.reason()));
      }
    } catch (UnknownHostException e) {
      throw new ExecutionException(e);
    }
    Optional<String> refusal;
    try {
      refusal =
          policy.check(url) instanceof AddressPolicy.Refused refused
              ? Optional.of(refused.reason())
              : Optional.empty();
    } catch (UnknownHostException e) {
      refusal = policy.refusalAsWritten(url);
    }
    if (refusal.isPresent()) {
      throw new ExecutionException(new AddressRefusedException(refusal.get()));
    }
  }

  @Override
  public void close() {
    client.close();
  }

  /** One request in flight: whichever of answer, deadline, cap or caller ends it first wins. */
  private final class Exchange {
    private final Bounds bounds;
    private final Promise<BoundedAnswer> outcome = Promise.promise();
    private final AtomicReference<HttpClientRequest> request = new AtomicReference<>();
    private final InetAddress pinned;

    Exchange(Bounds bounds, InetAddress pinned) {
      this.bounds = bounds;
      this.pinned = pinned;
    }

    Future<BoundedAnswer> answer() {
      return outcome.future();
    }

    void start(BoundedRequest spec) {
      long timer =
          vertx.setTimer(
              bounds.deadline().toMillis(), id -> end(new DeadlineExceededException(bounds)));
      outcome.future().onComplete(done -> vertx.cancelTimer(timer));
      // a Web Client of this exchange alone over the shared connection pool, so that its
      // interceptor hands over this exchange's request and no other
      WebClientInternal web = (WebClientInternal) WebClient.wrap(client, webOptions);
      web.addInterceptor(
          context -> {
            if (context.phase() == ClientPhase.CREATE_REQUEST && pinned != null) {
              RequestOptions options = context.requestOptions();
              Integer port = options.getPort();
              int connectTo = port != null ? port : Boolean.TRUE.equals(options.isSsl()) ? 443 : 80;
              options.setServer(
                  SocketAddress.inetSocketAddress(connectTo, pinned.getHostAddress()));
            }
            if (context.phase() == ClientPhase.SEND_REQUEST && context.clientRequest() != null) {
              request.set(context.clientRequest());
              if (outcome.future().isComplete()) {
                // the deadline or the caller came first
                context.clientRequest().reset();
              }
            }
            context.next();
          });
      HttpRequest<Buffer> built =
          web.requestAbs(spec.method(), spec.url())
              .putHeaders(spec.headers())
              .connectTimeout(bounds.deadline().toMillis());
      CappedBody body = new CappedBody();
      HttpRequest<Void> piped = built.as(BodyCodec.pipe(body));
      (spec.body() == null ? piped.send() : piped.sendBuffer(spec.body()))
          .onComplete(
              received -> {
                if (received.failed()) {
                  outcome.tryFail(received.cause());
                } else {
                  HttpResponse<Void> response = received.result();
                  outcome.tryComplete(
                      new BoundedAnswer(response.statusCode(), response.headers(), body.buffer));
                }
              });
    }

    /** The status of the answer being read; its body arrives only after its head. */
    private int answerStatus() {
      HttpClientRequest sent = request.get();
      return sent != null && sent.response().succeeded()
          ? sent.response().result().statusCode()
          : 0;
    }

    /** The answer's body as it arrives, ending the exchange once it passes the cap. */
    private final class CappedBody implements WriteStream<Buffer> {
      final Buffer buffer = Buffer.buffer();

      @Override
      public Future<Void> write(Buffer chunk) {
        if (outcome.future().isComplete()) {
          return Future.succeededFuture();
        }
        if ((long) buffer.length() + chunk.length() > bounds.maxAnswerBytes()) {
          Exchange.this.end(new AnswerTooLargeException(answerStatus(), bounds.maxAnswerBytes()));
          return Future.succeededFuture();
        }
        buffer.appendBuffer(chunk);
        return Future.succeededFuture();
      }

      @Override
      public void write(Buffer chunk, Handler<AsyncResult<Void>> handler) {
        write(chunk).onComplete(handler);
      }

      @Override
      public void end(Handler<AsyncResult<Void>> handler) {
        handler.handle(Future.succeededFuture());
      }

      @Override
      public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        return this;
      }

      @Override
      public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
        return this;
      }

      @Override
      public boolean writeQueueFull() {
        return false;
      }

      @Override
      public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
        return this;
      }
    }

    /** Fails the call with {@code why} unless it already ended, and resets the request. */
    void end(Throwable why) {
      if (outcome.tryFail(why)) {
        HttpClientRequest sent = request.get();
        if (sent != null) {
          sent.reset(0, why);
        }
      }
    }
  }
}
