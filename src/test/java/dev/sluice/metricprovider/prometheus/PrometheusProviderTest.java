package dev.sluice.metricprovider.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.LocalReference;
import dev.sluice.api.v1beta1.MetricTemplateProvider;
import dev.sluice.metricprovider.MetricSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a check's PromQL goes and with which credentials, as Flagger reads a MetricTemplate. */
class PrometheusProviderTest {
  private static final String DEFAULT = "http://prometheus:9090";

  @Test
  void builtinAndInlineQueriesGoToTheCanarysMetricsServerElseTheDefault() {
    assertEquals(
        PrometheusEndpoint.of("http://mine:9090", null),
        PrometheusProvider.endpoint(
            new MetricSource(null, "test", "http://mine:9090", "test/podinfo"), Map.of(), DEFAULT));
    assertEquals(
        PrometheusEndpoint.of(DEFAULT, null),
        PrometheusProvider.endpoint(
            new MetricSource(null, "test", null, "test/podinfo"), Map.of(), DEFAULT));
  }

  @Test
  void aTemplateAddressWinsAndItsTokenHeadersAndTlsSettingApply() {
    // given a template with address, tenant header, secretRef and insecureSkipVerify
    MetricTemplateProvider provider = provider("http://thanos:9090");
    provider.setHeaders(Map.of("X-Scope-OrgID", List.of("team-a")));
    provider.setInsecureSkipVerify(true);

    // when its Secret holds a token and a user
    PrometheusEndpoint endpoint =
        PrometheusProvider.endpoint(
            new MetricSource(provider, "test", "http://mine:9090", "test/podinfo"),
            Map.of("token", "s3cr3t", "username", "u", "password", "p"),
            DEFAULT);

    // then
    assertEquals(
        new PrometheusEndpoint(
            "http://thanos:9090",
            Map.of("X-Scope-OrgID", List.of("team-a")),
            "s3cr3t",
            "u",
            "p",
            true,
            null),
        endpoint);
  }

  @Test
  void aTemplateWithCredentialsButNoAddressIsRefusedAndItsCredentialsGoNowhere() {
    // given a template of namespace team-a with a secretRef and a tenant header but no address
    MetricTemplateProvider provider = provider(null);
    provider.setHeaders(Map.of("X-Scope-OrgID", List.of("team-a")));
    MetricSource source =
        new MetricSource(provider, "team-a", "http://team-b-server:9090", "team-a/podinfo");

    // then it is refused, naming why and what to set
    assertEquals(
        Optional.of(
            "MetricTemplate of namespace team-a has a secretRef but no provider.address: its"
                + " credentials and headers go only to the address written next to them, never"
                + " to a Canary's metricsServer or the default; set spec.provider.address"),
        PrometheusProvider.credentialsRefusal(source));
    // and the endpoint, were it asked, carries nothing of the template's
    assertEquals(
        PrometheusEndpoint.of("http://team-b-server:9090", null),
        PrometheusProvider.endpoint(
            source, Map.of("token", "s3cr3t", "username", "u", "password", "p"), DEFAULT));
  }

  @Test
  void aTemplateWithoutCredentialsOrHeadersMayUseTheCanarysMetricsServer() {
    MetricTemplateProvider provider = provider(null);
    provider.setSecretRef(null);
    MetricSource source = new MetricSource(provider, "test", "http://mine:9090", "test/podinfo");

    assertEquals(Optional.empty(), PrometheusProvider.credentialsRefusal(source));
    assertEquals(
        PrometheusEndpoint.of("http://mine:9090", null),
        PrometheusProvider.endpoint(source, Map.of(), DEFAULT));
  }

  private static MetricTemplateProvider provider(String address) {
    MetricTemplateProvider provider = new MetricTemplateProvider();
    provider.setType("prometheus");
    provider.setAddress(address);
    LocalReference secret = new LocalReference();
    secret.setName("prom-auth");
    provider.setSecretRef(secret);
    return provider;
  }
}
