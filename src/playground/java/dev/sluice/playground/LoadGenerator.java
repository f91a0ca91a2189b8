package dev.sluice.playground;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Steady open-loop load: {@code requestsPerSecond} GETs of one URI, issued on schedule whether or
 * not earlier ones have been answered, as independent users would. At most {@value #MAX_IN_FLIGHT}
 * are in flight; a request due while that many wait is dropped and counted, not queued, so a slow
 * target never turns into a burst later.
 */
public final class LoadGenerator implements AutoCloseable {

  static final int MAX_IN_FLIGHT = 200;
  private static final long TICK_MILLIS = 10;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI target;
  private final int requestsPerSecond;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final LongAdder sent = new LongAdder();
  private final LongAdder ok = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(PlaygroundThreads.named("load-tick"));
  private final ExecutorService responses =
      Executors.newFixedThreadPool(2, PlaygroundThreads.named("load"));
  private final HttpClient client;
  private final long startedNanos = System.nanoTime();
  private long issued;

  private LoadGenerator(URI target, int requestsPerSecond) {
    if (requestsPerSecond <= 0) {
      throw new IllegalArgumentException(
          "requestsPerSecond must be positive, got " + requestsPerSecond);
    }
    this.target = target;
    this.requestsPerSecond = requestsPerSecond;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .executor(responses)
            .build();
  }

  /** Starts sending {@code requestsPerSecond} GET requests a second to {@code target}. */
  public static LoadGenerator start(URI target, int requestsPerSecond) {
    LoadGenerator generator = new LoadGenerator(target, requestsPerSecond);
    generator.ticker.scheduleAtFixedRate(generator::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    return generator;
  }

  /** Requests sent so far (dropped ones excluded). */
  public long sent() {
    return sent.sum();
  }

  /** Requests answered with a status below 400. */
  public long ok() {
    return ok.sum();
  }

  /** Requests answered with 400 or above, or not answered at all (refused, reset, timed out). */
  public long errors() {
    return errors.sum();
  }

  /** Requests not sent because {@value #MAX_IN_FLIGHT} were already in flight. */
  public long dropped() {
    return dropped.sum();
  }

  // Catches up by elapsed time rather than counting ticks, so a late tick does not lower the rate.
  private void tick() {
    long due = (System.nanoTime() - startedNanos) * requestsPerSecond / 1_000_000_000L;
    for (; issued < due; issued++) {
      if (!inFlight.tryAcquire()) {
        dropped.increment();
        continue;
      }
      sent.increment();
      HttpRequest request = HttpRequest.newBuilder(target).timeout(TIMEOUT).GET().build();
      client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (response, failure) -> {
                inFlight.release();
                if (failure == null && response.statusCode() < 400) {
                  ok.increment();
                } else {
                  errors.increment();
                }
              });
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    responses.shutdownNow();
  }
}
