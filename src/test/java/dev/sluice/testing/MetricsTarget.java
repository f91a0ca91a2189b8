package dev.sluice.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP server that serves Prometheus text exposition on {@code /metrics}, whose series
 * and values the test sets and changes while Prometheus scrapes it: counters it advances,
 * histograms it feeds observations, gauges it sets.
 *
 * <pre>{@code
 * try (var app = MetricsTarget.start()) {
 *   String ok = MetricsTarget.series("istio_requests_total",
 *       "destination_workload", "podinfo", "response_code", "200");
 *   app.add(ok, 100);
 * }
 * }</pre>
 */
public final class MetricsTarget implements AutoCloseable {
  private final HttpServer server;
  // family name -> (series key -> value); insertion order keeps families grouped in the output
  private final Map<String, Map<String, Double>> families = new LinkedHashMap<>();
  private final Map<String, String> types = new LinkedHashMap<>();
  private final AtomicLong scrapes = new AtomicLong();

  private MetricsTarget(HttpServer server) {
    this.server = server;
  }

  /** Starts serving on 127.0.0.1 at a free port. */
  public static MetricsTarget start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      MetricsTarget target = new MetricsTarget(server);
      server.createContext(
          "/metrics",
          exchange -> {
            byte[] body = target.exposition().getBytes(StandardCharsets.UTF_8);
            exchange
                .getResponseHeaders()
                .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
            target.scrapes.incrementAndGet();
          });
      server.start();
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code host:port}, as a Prometheus static target. */
  public String hostPort() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many times {@code /metrics} was served. */
  public long scrapes() {
    return scrapes.get();
  }

  /**
   * A series key in exposition syntax: {@code name{k1="v1",k2="v2"}}, labels in the given order.
   */
  public static String series(String name, String... labelPairs) {
    if (labelPairs.length % 2 != 0) {
      throw new IllegalArgumentException("labels come in pairs: " + Arrays.toString(labelPairs));
    }
    if (labelPairs.length == 0) {
      return name;
    }
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.add(labelPairs[i] + "=\"" + labelPairs[i + 1].replace("\"", "\\\"") + "\"");
    }
    return name + "{" + String.join(",", labels) + "}";
  }

  /**
   * Declares a family's type ({@code counter}, {@code gauge}, {@code histogram}) for {@code #
   * TYPE}.
   */
  public synchronized MetricsTarget type(String family, String type) {
    types.put(family, type);
    return this;
  }

  /** Sets a series to a value (a gauge, or a counter reset). */
  public synchronized MetricsTarget set(String series, double value) {
    families.computeIfAbsent(familyOf(series), f -> new LinkedHashMap<>()).put(series, value);
    return this;
  }

  /** Advances a series (a counter) by {@code delta}, creating it at 0 first. */
  public synchronized MetricsTarget add(String series, double delta) {
    families
        .computeIfAbsent(familyOf(series), f -> new LinkedHashMap<>())
        .merge(series, delta, Double::sum);
    return this;
  }

  /** Stops exposing a series; Prometheus marks it stale at the next scrape. */
  public synchronized MetricsTarget remove(String series) {
    Map<String, Double> family = families.get(familyOf(series));
    if (family != null) {
      family.remove(series);
    }
    return this;
  }

  /**
   * Records {@code count} observations of {@code value} in a histogram: the {@code _bucket} series
   * for every bound (and {@code +Inf}), {@code _sum} and {@code _count}.
   *
   * @param name the family name, without {@code _bucket}
   * @param bounds the upper bounds of the buckets, ascending
   * @param labelPairs the labels of the histogram, without {@code le}
   */
  public synchronized MetricsTarget observe(
      String name, double[] bounds, double value, long count, String... labelPairs) {
    types.putIfAbsent(name, "histogram");
    for (double bound : bounds) {
      add(bucket(name, format(bound), labelPairs), value <= bound ? count : 0);
    }
    add(bucket(name, "+Inf", labelPairs), count);
    add(series(name + "_sum", labelPairs), value * count);
    add(series(name + "_count", labelPairs), count);
    return this;
  }

  private static String bucket(String name, String le, String... labelPairs) {
    String[] withLe = Arrays.copyOf(labelPairs, labelPairs.length + 2);
    withLe[labelPairs.length] = "le";
    withLe[labelPairs.length + 1] = le;
    return series(name + "_bucket", withLe);
  }

  /** The current exposition, as served. */
  public synchronized String exposition() {
    StringBuilder text = new StringBuilder();
    families.forEach(
        (family, series) -> {
          String type = types.get(family);
          if (type != null) {
            text.append("# TYPE ").append(family).append(' ').append(type).append('\n');
          }
          series.forEach(
              (key, value) -> text.append(key).append(' ').append(format(value)).append('\n'));
        });
    return text.toString();
  }

  /**
   * Histogram series {@code x_bucket}, {@code x_sum}, {@code x_count} belong to family {@code x},
   * as do a summary's {@code x_sum} and {@code x_count} (declare it with {@code type(x,
   * "summary")}).
   */
  private String familyOf(String series) {
    int brace = series.indexOf('{');
    String name = brace < 0 ? series : series.substring(0, brace);
    for (String suffix : List.of("_bucket", "_sum", "_count")) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        if ("histogram".equals(types.get(base)) || "summary".equals(types.get(base))) {
          return base;
        }
      }
    }
    return name;
  }

  private static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
