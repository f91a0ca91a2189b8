package dev.sluice.replay;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.query.CountQueries;
import dev.sluice.query.QueryContext;
import dev.sluice.query.QueryTemplate;
import java.time.Duration;
import java.util.Map;

/**
 * A mesh's builtin count queries (the ones the controller's judge reads, from the Canary's mesh
 * provider) rendered for a replay: the same series, so a replay counts what the judge would have.
 */
final class MeshCountQueries implements PastCountQueries {
  private final Canary canary;
  private final String provider;
  private final CountQueries counts;

  MeshCountQueries(Canary canary, String provider, CountQueries counts) {
    this.canary = canary;
    this.provider = provider;
    this.counts = counts;
  }

  @Override
  public String requests(String namespace, String workload, Duration interval) {
    return render(counts.requests(), workload, interval, Map.of());
  }

  @Override
  public String errors(String namespace, String workload, Duration interval) {
    return render(counts.errors(), workload, interval, Map.of());
  }

  @Override
  public String slow(String namespace, String workload, Duration interval, Duration bound) {
    return render(
        counts.slower(),
        workload,
        interval,
        Map.of(CountQueries.LE, CountQueries.bucketBound(bound, counts.bucketUnit())));
  }

  /**
   * The template for {@code workload}: the target's own name is the canary, {@code NAME-primary}
   * the primary, each as the mesh's metrics name it ({@link CountQueries#canaryTarget()}, {@link
   * CountQueries#primaryTarget()}).
   */
  private String render(
      String template, String workload, Duration interval, Map<String, String> variables) {
    String target = canary.getSpec().getTargetRef().getName();
    String format =
        workload.equals(target + "-primary") ? counts.primaryTarget() : counts.canaryTarget();
    CanaryMetric metric = new CanaryMetric();
    metric.setInterval(interval.toSeconds() + "s");
    QueryContext base = QueryContext.of(canary, metric);
    QueryContext context =
        new QueryContext(
            base.name(),
            base.namespace(),
            format.formatted(target),
            base.service(),
            base.ingress(),
            base.interval(),
            variables);
    return QueryTemplate.render("builtin " + provider + "/judge counts", template, context);
  }
}
