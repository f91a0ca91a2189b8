package dev.sluice.metricprovider.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.LocalReference;
import dev.sluice.api.v1beta1.MetricTemplateProvider;
import dev.sluice.metricprovider.MetricSource;
import java.util.List;
import java.util.Map;
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
  void aTemplateWithoutAddressUsesTheCanarysMetricsServerWithItsBasicAuth() {
    PrometheusEndpoint endpoint =
        PrometheusProvider.endpoint(
            new MetricSource(provider(null), "test", "http://mine:9090", "test/podinfo"),
            Map.of("username", "u", "password", "p"),
            DEFAULT);
    assertEquals(
        new PrometheusEndpoint("http://mine:9090", Map.of(), null, "u", "p", false, null),
        endpoint);
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
