package dev.sluice.outbound;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one way Sluice makes an outgoing HTTP call: every call has a total deadline and a cap on the
 * answer's body, and ends its request when either is reached or the caller stops waiting.
 *
 * <p>Vert.x's own request timeout is an idle timeout (a receiver that sends a byte a second never
 * trips it) and the Web Client buffers the whole body; so the body is read chunk by chunk and the
 * deadline is a timer. When the deadline passes, the body passes the cap, or the waiting thread is
 * interrupted, the request is reset: an HTTP/1.1 connection is closed, so the receiver sees it go
 * and no bytes are read after the call returned.
 *
 * <p>Contract: {@link #call} blocks the calling thread at most the deadline plus a short grace and
 * must not run on an event loop. It returns a complete answer (any status) or throws {@link
 * ExecutionException} whose cause is a {@link DeadlineExceededException}, an {@link
 * AnswerTooLargeException} or the transport's error. Redirects are not followed.
 */
public final class BoundedClient implements AutoCloseable {
  /** Beyond the deadline, for the timer's own lateness on a busy event loop. */
  private static final Duration WAIT_GRACE = Duration.ofMillis(250);

  private final Vertx vertx;
  private final HttpClient client;

  public BoundedClient(Vertx vertx, HttpClientOptions options) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient(options);
  }

  /** A request's answer, or why there is none; see the class. */
  public BoundedAnswer call(BoundedRequest request)
      throws ExecutionException, InterruptedException {
    Exchange exchange = new Exchange(request.bounds());
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

  @Override
  public void close() {
    client.close();
  }

  /** One request in flight: whichever of answer, deadline, cap or caller ends it first wins. */
  private final class Exchange {
    private final Bounds bounds;
    private final Promise<BoundedAnswer> outcome = Promise.promise();
    private final AtomicReference<HttpClientRequest> request = new AtomicReference<>();

    Exchange(Bounds bounds) {
      this.bounds = bounds;
    }

    Future<BoundedAnswer> answer() {
      return outcome.future();
    }

    void start(BoundedRequest spec) {
      long timer =
          vertx.setTimer(
              bounds.deadline().toMillis(), id -> end(new DeadlineExceededException(bounds)));
      outcome.future().onComplete(done -> vertx.cancelTimer(timer));
      RequestOptions options =
          new RequestOptions()
              .setMethod(spec.method())
              .setAbsoluteURI(spec.url())
              .setHeaders(spec.headers())
              .setFollowRedirects(false)
              .setConnectTimeout(bounds.deadline().toMillis());
      client
          .request(options)
          .onComplete(
              created -> {
                if (created.failed()) {
                  outcome.tryFail(created.cause());
                  return;
                }
                HttpClientRequest sent = created.result();
                request.set(sent);
                if (outcome.future().isComplete()) {
                  // the deadline or the caller came first
                  sent.reset();
                  return;
                }
                Future<HttpClientResponse> response =
                    spec.body() == null ? sent.send() : sent.send(spec.body());
                response.onComplete(
                    received -> {
                      if (received.failed()) {
                        outcome.tryFail(received.cause());
                      } else {
                        read(received.result());
                      }
                    });
              });
    }

    private void read(HttpClientResponse response) {
      Buffer body = Buffer.buffer();
      response.exceptionHandler(outcome::tryFail);
      response.handler(
          chunk -> {
            if (outcome.future().isComplete()) {
              return;
            }
            if ((long) body.length() + chunk.length() > bounds.maxAnswerBytes()) {
              end(new AnswerTooLargeException(response.statusCode(), bounds.maxAnswerBytes()));
              return;
            }
            body.appendBuffer(chunk);
          });
      response.endHandler(
          end ->
              outcome.tryComplete(
                  new BoundedAnswer(response.statusCode(), response.headers(), body)));
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
