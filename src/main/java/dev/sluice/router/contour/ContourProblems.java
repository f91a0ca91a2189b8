package dev.sluice.router.contour;

import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryService;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.HttpMatchRequest;
import dev.sluice.api.v1beta1.HttpRetry;
import dev.sluice.api.v1beta1.StringMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a Canary asks of provider {@code contour} that an HTTPProxy cannot do, beyond what its
 * capabilities already refuse (mirroring, session affinity; see {@link ContourMeshProvider}).
 * Flagger drops all of it silently (it reads only the first {@code service.match}'s URI prefix and
 * the A/B headers, and turns a header prefix or suffix into "contains"), so the proxy would route
 * other requests than the ones the user wrote; here each is a validation error naming the field.
 */
public final class ContourProblems {

  /**
   * Contour's duration syntax for timeouts (its CRD's pattern): Go durations, or {@code infinity}
   * for the response timeout.
   */
  private static final Pattern DURATION =
      Pattern.compile(
          "^(((\\d*(\\.\\d*)?h)|(\\d*(\\.\\d*)?m)|(\\d*(\\.\\d*)?s)|(\\d*(\\.\\d*)?ms)"
              + "|(\\d*(\\.\\d*)?us)|(\\d*(\\.\\d*)?µs)|(\\d*(\\.\\d*)?ns))+|infinity|infinite)$");

  private ContourProblems() {}

  /** The problems of {@code spec}, each naming the field; empty when there are none. */
  public static List<String> problems(CanarySpec spec) {
    CanaryService service = spec.getService();
    CanaryAnalysis analysis = spec.getAnalysis();
    List<String> problems = new ArrayList<>();
    if (service != null) {
      problems.addAll(serviceProblems(service));
    }
    if (analysis != null) {
      problems.addAll(analysisProblems(analysis));
    }
    return problems;
  }

  private static List<String> serviceProblems(CanaryService service) {
    List<String> problems = new ArrayList<>();
    unsupported(problems, service.getHeaders() != null, "service.headers");
    unsupported(problems, service.getRewrite() != null, "service.rewrite");
    unsupported(problems, notEmpty(service.getMirror()), "service.mirror");
    unsupported(problems, service.getCorsPolicy() != null, "service.corsPolicy");
    List<HttpMatchRequest> match = service.getMatch();
    if (match != null && match.size() > 1) {
      problems.add(
          "provider contour routes by one service.match (the HTTPProxy's path prefix), got "
              + match.size()
              + ": use analysis.match for alternatives");
    }
    if (match != null && !match.isEmpty()) {
      problems.addAll(serviceMatchProblems(match.get(0)));
    }
    if (service.getTimeout() != null && !DURATION.matcher(service.getTimeout()).matches()) {
      problems.add(
          "provider contour: service.timeout " + service.getTimeout() + " is not a duration");
    }
    if (service.getRetries() != null) {
      problems.addAll(retryProblems(service.getRetries()));
    }
    return problems;
  }

  /** An HTTPProxy condition is a path prefix, headers and query parameters, nothing else. */
  private static List<String> serviceMatchProblems(HttpMatchRequest m) {
    List<String> fields = new ArrayList<>();
    StringMatch uri = m.getUri();
    if (uri != null && (uri.getExact() != null || uri.getRegex() != null)) {
      fields.add("uri (only prefix)");
    }
    addIf(fields, m.getMethod() != null, "method");
    addIf(fields, m.getAuthority() != null, "authority");
    addIf(fields, m.getScheme() != null, "scheme");
    addIf(fields, m.getPort() != null, "port");
    addIf(fields, Boolean.TRUE.equals(m.getIgnoreUriCase()), "ignoreUriCase");
    addIf(fields, notEmpty(m.getSourceLabels()), "sourceLabels");
    addIf(fields, m.getSourceNamespace() != null, "sourceNamespace");
    addIf(fields, notEmpty(m.getGateways()), "gateways");
    addIf(fields, notEmpty(m.getWithoutHeaders()), "withoutHeaders");
    return fields.stream()
        .map(f -> "provider contour has no HTTPProxy condition for service.match[0]." + f)
        .toList();
  }

  private static List<String> retryProblems(HttpRetry retries) {
    List<String> problems = new ArrayList<>();
    String perTry = retries.getPerTryTimeout();
    if (perTry != null && !perTry.isBlank() && !DURATION.matcher(perTry).matches()) {
      problems.add(
          "provider contour: service.retries.perTryTimeout " + perTry + " is not a duration");
    }
    for (String unknown : RetryOn.parse(retries.getRetryOn()).unknown()) {
      problems.add(
          "provider contour cannot retry on "
              + unknown
              + " (service.retries.retryOn): use status codes or "
              + String.join(", ", RetryOn.CONTOUR_CONDITIONS.stream().sorted().toList()));
    }
    return problems;
  }

  private static List<String> analysisProblems(CanaryAnalysis analysis) {
    List<String> problems = new ArrayList<>();
    List<AbMatch> match = analysis.getMatch();
    for (int i = 0; match != null && i < match.size(); i++) {
      if (notEmpty(match.get(i).getSourceLabels())) {
        problems.add(
            "provider contour has no HTTPProxy condition for analysis.match["
                + i
                + "].sourceLabels");
      }
    }
    return problems;
  }

  private static void unsupported(List<String> problems, boolean set, String field) {
    if (set) {
      problems.add("provider contour does not apply spec." + field + ": remove it");
    }
  }

  private static void addIf(List<String> fields, boolean set, String field) {
    if (set) {
      fields.add(field);
    }
  }

  private static boolean notEmpty(Object value) {
    if (value instanceof List<?> list) {
      return !list.isEmpty();
    }
    if (value instanceof Map<?, ?> map) {
      return !map.isEmpty();
    }
    return value != null;
  }
}
