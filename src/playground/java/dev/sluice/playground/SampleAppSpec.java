package dev.sluice.playground;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.time.Duration;
import java.util.List;

/**
 * How a Deployment's pod template configures its {@link SampleApp}, read from the first container:
 * the version is the image tag, {@code ERROR_RATE} (0..1, default 0) and {@code LATENCY_MS}
 * (default 0) come from the container's literal {@code env} values.
 */
record SampleAppSpec(String version, double errorRate, Duration addedLatency) {

  static final String ERROR_RATE = "ERROR_RATE";
  static final String LATENCY_MS = "LATENCY_MS";

  /**
   * The app that {@code template} describes.
   *
   * @throws IllegalArgumentException when the template has no container, or {@code ERROR_RATE} or
   *     {@code LATENCY_MS} is not a number in range: such a pod would crash, so it never serves
   */
  static SampleAppSpec of(PodTemplateSpec template) {
    List<Container> containers =
        template == null || template.getSpec() == null ? null : template.getSpec().getContainers();
    if (containers == null || containers.isEmpty()) {
      throw new IllegalArgumentException("the pod template has no container");
    }
    Container container = containers.get(0);
    double errorRate = number(container, ERROR_RATE, 0);
    if (errorRate < 0 || errorRate > 1) {
      throw new IllegalArgumentException(ERROR_RATE + " must be between 0 and 1, got " + errorRate);
    }
    double latencyMs = number(container, LATENCY_MS, 0);
    if (latencyMs < 0) {
      throw new IllegalArgumentException(LATENCY_MS + " must not be negative, got " + latencyMs);
    }
    return new SampleAppSpec(
        tag(container.getImage()), errorRate, Duration.ofNanos((long) (latencyMs * 1_000_000)));
  }

  SampleApp start() {
    return SampleApp.start(version, errorRate, addedLatency);
  }

  /** The image tag; {@code latest} when the image names none, as the container runtime assumes. */
  static String tag(String image) {
    if (image == null || image.isEmpty()) {
      return "latest";
    }
    String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = name.lastIndexOf(':');
    if (colon < 0 || name.indexOf('/', colon) >= 0) {
      return "latest";
    }
    return name.substring(colon + 1);
  }

  private static double number(Container container, String name, double fallback) {
    for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      if (name.equals(env.getName()) && env.getValue() != null && !env.getValue().isBlank()) {
        try {
          return Double.parseDouble(env.getValue().trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              name + " must be a number, got \"" + env.getValue() + "\"", e);
        }
      }
    }
    return fallback;
  }
}
