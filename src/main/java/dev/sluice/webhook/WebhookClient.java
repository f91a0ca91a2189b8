package dev.sluice.webhook;

import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.GoDuration;
import dev.sluice.outbound.AddressRefusedException;
import dev.sluice.outbound.AnswerTooLargeException;
import dev.sluice.outbound.BoundedAnswer;
import dev.sluice.outbound.BoundedRequest;
import dev.sluice.outbound.Bounds;
import dev.sluice.outbound.HttpClients;
import dev.sluice.outbound.MaskedUrl;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Calls Flagger webhooks: a POST of {@link WebhookPayload} as {@code application/json}.
 *
 * <p><b>Success</b> is HTTP 200, 201 or 202 and nothing else, exactly as Flagger ({@code
 * r.StatusCode > 202} is an error there, although its docs say "2xx"): a 204 or any other 2xx
 * fails, so a gate or a rollback hook opens in Sluice exactly when it would in Flagger. Redirects
 * are not followed (a 3xx fails, naming its status).
 *
 * <p><b>timeout</b> is a Go duration bounding each attempt (connect to last byte) as a total
 * deadline: when it passes the request is cancelled (its connection closed), however the receiver
 * trickles. Blank, shorter than two characters, zero or unparseable means Flagger's default of 10s.
 * Flagger fails the call on an unparseable value; Sluice leaves that to the Canary's validation,
 * which must report it. The receiver's body is read up to {@code sluice.webhook.max-answer-bytes}
 * (1 MiB); a longer answer fails the attempt at once, whatever its status, and is not retried.
 *
 * <p><b>retries</b> as Flagger's retrying client (hashicorp go-retryablehttp): after a connection
 * error, a timeout, 429 or a 5xx other than 501, up to {@code retries} more attempts, waiting 1s,
 * 2s, 4s ... (at most 30s; a {@code Retry-After} of 429/503 in seconds is honoured within that
 * bound). Other answers are final at once. So the worst case a call holds its worker thread is
 * {@code (retries + 1) × timeout} plus the waits. The reason keeps the last status and the length
 * of its answer, never the answer itself: the URL is the tenant's to choose, so an echoed answer
 * would let a Canary read any in-cluster service through its status and Events. The first {@value
 * #LOGGED_BODY_CHARS} characters, URL secrets masked, go to the debug log.
 *
 * <p><b>disableTLS</b> skips certificate and host name verification for that hook only.
 *
 * <p>Contract: {@link #call} blocks the calling worker thread and must not run on an event loop; it
 * never throws; the reason never holds the URL's user info or query values (user info is sent as
 * basic authentication, as Go does) nor any request header.
 */
@ApplicationScoped
public class WebhookClient {
  private static final Logger LOG = Logger.getLogger(WebhookClient.class);

  /** Characters of a failed answer's body in the debug log; none reach a reason. */
  static final int LOGGED_BODY_CHARS = 200;

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Bytes of an answer read at most when no configuration says otherwise. */
  public static final long DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;

  private final HttpClients http;
  private final RetryBackoff backoff;
  private final long maxAnswerBytes;

  @Inject
  public WebhookClient(HttpClients http, WebhookConfig config) {
    this(http, RetryBackoff.FLAGGER, config.maxAnswerBytes());
  }

  /** With the default answer cap. */
  public WebhookClient(HttpClients http) {
    this(http, RetryBackoff.FLAGGER, DEFAULT_MAX_ANSWER_BYTES);
  }

  WebhookClient(HttpClients http, RetryBackoff backoff) {
    this(http, backoff, DEFAULT_MAX_ANSWER_BYTES);
  }

  WebhookClient(HttpClients http, RetryBackoff backoff, long maxAnswerBytes) {
    this.backoff = backoff;
    this.http = http;
    this.maxAnswerBytes = maxAnswerBytes;
  }

  /**
   * POSTs {@code payload} to {@code hook.url}, retrying as described on the class.
   *
   * @return passed for 200/201/202; otherwise failed with the last status (0 when none) and a
   *     reason naming the hook, its masked URL and the receiver's truncated body or the error
   */
  public WebhookResult call(CanaryWebhook hook, WebhookPayload payload) {
    String name = hook == null ? "<none>" : hook.getName();
    if (Context.isOnEventLoopThread()) {
      return WebhookResult.failed(
          0, 0, "webhook " + name + " called on an event-loop thread; it must run on a worker");
    }
    if (hook == null || payload == null) {
      return WebhookResult.failed(0, 0, "webhook " + name + ": no hook or payload given");
    }
    var parsed = MaskedUrl.parse(hook.getUrl());
    if (parsed.isEmpty()) {
      return WebhookResult.failed(
          0,
          0,
          "webhook "
              + name
              + ": invalid URL "
              + MaskedUrl.unparseable(hook.getUrl())
              + ", expected http(s)://host[:port]/path");
    }
    MaskedUrl url = parsed.get();
    Call call =
        new Call(name, url, timeout(hook), Boolean.TRUE.equals(hook.getDisableTLS()), payload);
    int retries = hook.getRetries() == null ? 0 : Math.max(0, hook.getRetries());
    return call.run(retries);
  }

  static Duration timeout(CanaryWebhook hook) {
    String text = hook.getTimeout();
    if (text == null || text.strip().length() < 2) {
      return DEFAULT_TIMEOUT;
    }
    try {
      Duration parsed = GoDuration.parse(text);
      return parsed.isZero() || parsed.isNegative() ? DEFAULT_TIMEOUT : parsed;
    } catch (IllegalArgumentException e) {
      return DEFAULT_TIMEOUT;
    }
  }

  /** One call of one hook: its attempts share the hook's settings. */
  private final class Call {
    private final String name;
    private final MaskedUrl url;
    private final Bounds bounds;
    private final boolean insecure;
    private final Buffer body;

    Call(String name, MaskedUrl url, Duration timeout, boolean insecure, WebhookPayload payload) {
      this.name = name;
      this.url = url;
      this.bounds = new Bounds(timeout, maxAnswerBytes);
      this.insecure = insecure;
      this.body = Buffer.buffer(payload.toJson());
    }

    WebhookResult run(int retries) {
      Attempt last = null;
      for (int attempt = 1; attempt <= retries + 1; attempt++) {
        last = attempt();
        boolean more = attempt <= retries && last.retryable();
        if (!more) {
          return last.result(prefix(), attempt);
        }
        if (!pause(backoff.delay(attempt, last.retryAfter()))) {
          return WebhookResult.failed(
              last.status(),
              attempt,
              last.reason(prefix(), attempt) + "; interrupted before retrying");
        }
      }
      return last.result(prefix(), retries + 1);
    }

    private Attempt attempt() {
      BoundedRequest request = BoundedRequest.postJson(url.target(), body, bounds);
      if (url.username() != null) {
        request.basicAuthentication(url.username(), url.password());
      }
      try {
        BoundedAnswer answer = http.client(insecure).call(request);
        Attempt answered =
            Attempt.answered(answer.status(), answer.body().length(), answer.header("Retry-After"));
        if (!answered.passed() && LOG.isDebugEnabled()) {
          LOG.debugf(
              "%s answered HTTP %d: %s",
              prefix(), answer.status(), url.scrub(excerpt(answer.bodyAsString())));
        }
        return answered;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (cause instanceof AnswerTooLargeException tooLarge) {
          return Attempt.tooLarge(tooLarge);
        }
        if (cause instanceof AddressRefusedException refused) {
          return Attempt.refused(refused);
        }
        if (cause instanceof TimeoutException
            || cause.getClass().getSimpleName().contains("Timeout")) {
          return Attempt.noAnswer("no answer within " + bounds.shownDeadline());
        }
        return Attempt.noAnswer(url.scrub(describe(cause)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Attempt(0, "interrupted while waiting for the answer", false, null, false);
      }
    }

    private String prefix() {
      return "webhook " + name + " (POST " + url.shown() + ")";
    }
  }

  /**
   * One attempt's outcome, before it is known whether it was the last; {@code whole} when the
   * answer came complete.
   */
  private record Attempt(
      int status, String detail, boolean retryable, String retryAfterHeader, boolean whole) {

    static Attempt answered(int status, int bodyBytes, String retryAfter) {
      String detail =
          "HTTP "
              + status
              + (bodyBytes == 0 ? "" : " (an answer of " + bodyBytes + " bytes, not shown)");
      boolean retryable = status == 429 || (status >= 500 && status != 501);
      return new Attempt(status, detail, retryable, retryAfter, true);
    }

    /** Not retried: a receiver that answers too much will do it again. */
    static Attempt tooLarge(AnswerTooLargeException e) {
      return new Attempt(e.status(), e.getMessage(), false, null, false);
    }

    /** Not sent, and not retried: the address would be refused again. */
    static Attempt refused(AddressRefusedException e) {
      return new Attempt(0, "not sent, refused: " + e.getMessage(), false, null, false);
    }

    static Attempt noAnswer(String detail) {
      return new Attempt(0, detail, true, null, false);
    }

    /** Honoured only where go-retryablehttp honours it. */
    String retryAfter() {
      return status == 429 || status == 503 ? retryAfterHeader : null;
    }

    boolean passed() {
      return whole && status >= 200 && status <= 202;
    }

    String reason(String prefix, int attempts) {
      String tries = attempts > 1 ? " after " + attempts + " attempts" : "";
      return prefix + (passed() ? " passed" : " failed" + tries) + ": " + detail;
    }

    WebhookResult result(String prefix, int attempts) {
      return passed()
          ? WebhookResult.passed(status, attempts, reason(prefix, attempts))
          : WebhookResult.failed(status, attempts, reason(prefix, attempts));
    }
  }

  private static boolean pause(Duration delay) {
    try {
      TimeUnit.MILLISECONDS.sleep(delay.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String excerpt(String body) {
    String oneLine = body == null ? "" : body.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= LOGGED_BODY_CHARS
        ? oneLine
        : oneLine.substring(0, LOGGED_BODY_CHARS) + "…";
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return error.getClass().getSimpleName()
        + (message == null || message.isBlank() ? "" : ": " + message);
  }
}
