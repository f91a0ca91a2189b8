package dev.sluice.query;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CanarySpec;
import java.util.Map;
import java.util.Objects;

/**
 * The values a query template can use, as Flagger's {@code MetricTemplateModel}.
 *
 * @param name the Canary's name: {@code {{ name }}}
 * @param namespace the Canary's namespace: {@code {{ namespace }}}
 * @param target {@code spec.targetRef.name}: {@code {{ target }}}
 * @param service {@code spec.service.name}, else the target: {@code {{ service }}}
 * @param ingress {@code spec.ingressRef.name}, else the target: {@code {{ ingress }}}
 * @param interval the metric's {@code interval} as written (e.g. {@code 1m}), else {@value
 *     #DEFAULT_INTERVAL}: {@code {{ interval }}}
 * @param variables the metric's {@code templateVariables}: {@code {{ variables.key }}}
 */
public record QueryContext(
    String name,
    String namespace,
    String target,
    String service,
    String ingress,
    String interval,
    Map<String, String> variables) {

  /** Window of a metric that names none, as Flagger's {@code MetricInterval}. */
  public static final String DEFAULT_INTERVAL = "1m";

  public QueryContext {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(ingress, "ingress");
    Objects.requireNonNull(interval, "interval");
    variables = variables == null ? Map.of() : Map.copyOf(variables);
  }

  /** The context of one metric of a Canary, with Flagger's fallbacks. */
  public static QueryContext of(Canary canary, CanaryMetric metric) {
    CanarySpec spec = canary.getSpec();
    String target = spec.getTargetRef().getName();
    String service =
        spec.getService() != null && !isBlank(spec.getService().getName())
            ? spec.getService().getName()
            : target;
    String ingress =
        spec.getIngressRef() != null && !isBlank(spec.getIngressRef().getName())
            ? spec.getIngressRef().getName()
            : target;
    String interval = isBlank(metric.getInterval()) ? DEFAULT_INTERVAL : metric.getInterval();
    return new QueryContext(
        canary.getMetadata().getName(),
        canary.getMetadata().getNamespace(),
        target,
        service,
        ingress,
        interval,
        metric.getTemplateVariables());
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
