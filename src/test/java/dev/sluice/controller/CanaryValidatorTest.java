package dev.sluice.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.api.v1beta1.AbMatch;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryMetric;
import dev.sluice.api.v1beta1.CanaryWebhook;
import dev.sluice.api.v1beta1.HeaderStringMatch;
import dev.sluice.config.SluiceConfig;
import dev.sluice.router.MeshProviders;
import dev.sluice.testing.AllMeshProviders;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Validation rules that are not shown by a controller test. */
class CanaryValidatorTest {
  private static final MeshProviders MESHES = AllMeshProviders.registry();

  private static final SluiceConfig CONFIG =
      new SluiceConfig() {
        public String meshProvider() {
          return "istio";
        }

        public String metricsServer() {
          return "http://prometheus:9090";
        }

        public Optional<String> namespace() {
          return Optional.empty();
        }

        public Duration defaultInterval() {
          return Duration.ofSeconds(60);
        }

        public Duration minInterval() {
          return Duration.ofSeconds(10);
        }

        public Duration defaultProgressDeadline() {
          return Duration.ofSeconds(600);
        }

        public List<String> selectorLabels() {
          return List.of("app");
        }
      };

  @Test
  void anNginxAbTestThatIngressNginxCannotExpressIsRefusedNotIgnored() throws Exception {
    Canary canary = nginxAbCanary(header(null, "insider"), header("cookie", null));

    List<String> problems = CanaryValidator.problems(canary, CONFIG, MESHES);

    assertTrue(
        problems.stream().anyMatch(p -> p.contains("x-canary") && p.contains("prefix")),
        problems.toString());
    assertTrue(
        problems.stream().anyMatch(p -> p.contains("one header or cookie")), problems.toString());
  }

  @Test
  void anNginxAbTestOnOneExactHeaderIsValid() throws Exception {
    Canary canary = nginxAbCanary(header("insider", null));

    assertEquals(List.of(), CanaryValidator.problems(canary, CONFIG, MESHES));
  }

  @Test
  void gatewayApiMatchesWithoutAnHttpRouteCounterpartAreRefusedNotDropped() throws Exception {
    Canary canary = manifest("podinfo-gatewayapi.yaml");
    var request = new dev.sluice.api.v1beta1.HttpMatchRequest();
    var authority = new dev.sluice.api.v1beta1.StringMatch();
    authority.setExact("app.example.com");
    request.setAuthority(authority);
    canary.getSpec().getService().setMatch(List.of(request));
    AbMatch ab = new AbMatch();
    ab.setSourceLabels(Map.of("app", "frontend"));
    canary.getSpec().getAnalysis().setMatch(List.of(ab));
    canary.getSpec().getAnalysis().setIterations(3);

    List<String> problems = CanaryValidator.problems(canary, CONFIG, MESHES);

    assertTrue(
        problems.stream().anyMatch(p -> p.contains("service.match[0].authority")),
        problems.toString());
    assertTrue(
        problems.stream().anyMatch(p -> p.contains("analysis.match[0].sourceLabels")),
        problems.toString());
  }

  @Test
  void aTraefikCanaryAsFlaggersTutorialWritesItIsValid() throws Exception {
    assertEquals(
        List.of(), CanaryValidator.problems(manifest("podinfo-traefik.yaml"), CONFIG, MESHES));
  }

  @Test
  void whatATraefikServiceCannotDoIsRefusedNamingTheField() throws Exception {
    // given: an A/B test with mirroring, session affinity and a service match, on Traefik
    Canary canary = manifest("podinfo-traefik.yaml");
    var analysis = canary.getSpec().getAnalysis();
    analysis.setIterations(5);
    AbMatch match = new AbMatch();
    match.setHeaders(Map.of("x-canary", header("insider", null)));
    analysis.setMatch(List.of(match));
    analysis.setMirror(true);
    analysis.setSessionAffinity(new dev.sluice.api.v1beta1.SessionAffinity());
    canary.getSpec().getService().setMatch(List.of(new dev.sluice.api.v1beta1.HttpMatchRequest()));

    // when
    List<String> problems = CanaryValidator.problems(canary, CONFIG, MESHES);

    // then
    for (String field :
        List.of(
            "analysis.match",
            "analysis.mirror",
            "analysis.sessionAffinity",
            "spec.service.match")) {
      assertTrue(
          problems.stream().anyMatch(p -> p.contains("provider traefik") && p.contains(field)),
          field + " in " + problems);
    }
  }

  @Test
  void whatATrafficSplitCannotDoIsRefusedNamingTheField() throws Exception {
    Canary canary = manifest("podinfo-linkerd.yaml");
    canary.getSpec().setProvider("smi:v1alpha3:linkerd");
    canary.getSpec().getService().setMatch(List.of(new dev.sluice.api.v1beta1.HttpMatchRequest()));
    canary.getSpec().getService().setHosts(List.of("podinfo", "podinfo.test"));
    AbMatch ab = new AbMatch();
    ab.setHeaders(Map.of("x-canary", header("insider", null)));
    canary.getSpec().getAnalysis().setMatch(List.of(ab));
    canary.getSpec().getAnalysis().setMirror(true);
    canary.getSpec().getAnalysis().setSessionAffinity(new dev.sluice.api.v1beta1.SessionAffinity());

    List<String> problems = CanaryValidator.problems(canary, CONFIG, MESHES);

    for (String field :
        List.of(
            "service.match",
            "service.hosts",
            "analysis.match",
            "analysis.mirror",
            "analysis.sessionAffinity")) {
      assertTrue(
          problems.stream()
              .anyMatch(p -> p.startsWith("provider smi:v1alpha3:linkerd") && p.contains(field)),
          field + " in " + problems);
    }
  }

  @Test
  void everySmiProviderOfFlaggersFactoryIsValidAndOthersAreNot() throws Exception {
    for (String provider :
        List.of(
            "linkerd",
            "osm",
            "smi:v1alpha1",
            "smi:v1alpha2:istio",
            "smi:v1alpha3",
            "smi:v1alpha3:linkerd")) {
      Canary canary = manifest("podinfo-linkerd.yaml");
      canary.getSpec().setProvider(provider);
      assertEquals(List.of(), CanaryValidator.problems(canary, CONFIG, MESHES), provider);
    }
    for (String provider : List.of("smi:linkerd", "smi:v1alpha4", "smi:v1alpha3:")) {
      Canary canary = manifest("podinfo-linkerd.yaml");
      canary.getSpec().setProvider(provider);
      assertTrue(
          CanaryValidator.problems(canary, CONFIG, MESHES).stream()
              .anyMatch(p -> p.startsWith("provider " + provider + " is not supported")),
          provider);
    }
  }

  @Test
  void whatAnHttpProxyCannotExpressIsRefusedForContourNamingTheField() throws Exception {
    Canary canary = manifest("podinfo-contour.yaml");
    var request = new dev.sluice.api.v1beta1.HttpMatchRequest();
    var exactUri = new dev.sluice.api.v1beta1.StringMatch();
    exactUri.setExact("/api");
    request.setUri(exactUri);
    var method = new dev.sluice.api.v1beta1.StringMatch();
    method.setExact("GET");
    request.setMethod(method);
    canary.getSpec().getService().setMatch(List.of(request, request));
    canary.getSpec().getService().setTimeout("15 seconds");
    canary.getSpec().getService().getRetries().setRetryOn("5xx,retriable-headers,gone-wrong");
    canary.getSpec().getService().setRewrite(new dev.sluice.api.v1beta1.HttpRewrite());
    var analysis = canary.getSpec().getAnalysis();
    analysis.setIterations(3);
    analysis.setMirror(true);
    analysis.setSessionAffinity(new dev.sluice.api.v1beta1.SessionAffinity());
    AbMatch ab = new AbMatch();
    ab.setSourceLabels(Map.of("app", "frontend"));
    analysis.setMatch(List.of(ab));

    List<String> problems = CanaryValidator.problems(canary, CONFIG, MESHES);

    assertEquals(
        List.of(
            "provider contour does not apply spec.service.rewrite: remove it",
            "provider contour routes by one service.match (the HTTPProxy's path prefix), got 2:"
                + " use analysis.match for alternatives",
            "provider contour has no HTTPProxy condition for service.match[0].uri (only prefix)",
            "provider contour has no HTTPProxy condition for service.match[0].method",
            "provider contour: service.timeout 15 seconds is not a duration",
            "provider contour cannot retry on gone-wrong (service.retries.retryOn): use status"
                + " codes or 5xx, cancelled, connect-failure, deadline-exceeded, gateway-error,"
                + " internal, refused-stream, reset, resource-exhausted, retriable-4xx,"
                + " retriable-headers, retriable-status-codes, unavailable",
            "provider contour has no HTTPProxy condition for analysis.match[0].sourceLabels",
            "provider contour cannot mirror traffic: unset analysis.mirror",
            "provider contour cannot pin sessions: unset analysis.sessionAffinity (supported:"
                + " gatewayapi:v1, gatewayapi:v1beta1, istio)"),
        problems);
  }

  @Test
  void aContourAbTestOnHeadersAndQueryParametersIsValid() throws Exception {
    Canary canary = manifest("podinfo-contour.yaml");
    canary.getSpec().getService().getRetries().setRetryOn("gateway-error,503");
    var analysis = canary.getSpec().getAnalysis();
    analysis.setIterations(3);
    AbMatch ab = new AbMatch();
    ab.setHeaders(Map.of("user-agent", header(null, "Mobile")));
    var query = new dev.sluice.api.v1beta1.StringMatch();
    query.setRegex("v[0-9]+");
    ab.setQueryParams(Map.of("beta", query));
    analysis.setMatch(List.of(ab));

    assertEquals(List.of(), CanaryValidator.problems(canary, CONFIG, MESHES));
  }

  @Test
  void sessionAffinityOnAProviderThatCannotPinSessionsIsRefused() throws Exception {
    Canary canary = manifest("podinfo-nginx.yaml");
    canary.getSpec().getAnalysis().setSessionAffinity(affinity("flagger-cookie", null));

    List<String> problems = CanaryValidator.problems(canary, CONFIG, MESHES);

    assertTrue(
        problems.contains(
            "provider nginx cannot pin sessions: unset analysis.sessionAffinity (supported:"
                + " gatewayapi:v1, gatewayapi:v1beta1, istio)"),
        problems.toString());
  }

  @Test
  void sessionAffinityOnIstioAndGatewayApiIsValid() throws Exception {
    for (String file : List.of("podinfo-istio.yaml", "podinfo-gatewayapi.yaml")) {
      Canary canary = manifest(file);
      canary.getSpec().getAnalysis().setSessionAffinity(affinity("flagger-cookie", "primary"));

      assertEquals(List.of(), CanaryValidator.problems(canary, CONFIG, MESHES), file);
    }
  }

  @Test
  void sessionAffinityCookieNamesAndStrategiesThatSplitNoUserAreRefused() throws Exception {
    Canary canary = manifest("podinfo-istio.yaml");
    canary.getSpec().getAnalysis().setSessionAffinity(affinity("flagger cookie", "flagger cookie"));
    canary.getSpec().getAnalysis().setIterations(5);

    List<String> problems = CanaryValidator.problems(canary, CONFIG, MESHES);

    assertTrue(
        problems.contains(
            "analysis.sessionAffinity.cookieName 'flagger cookie' is not a cookie name"),
        problems.toString());
    assertTrue(
        problems.stream()
            .anyMatch(p -> p.startsWith("analysis.sessionAffinity.primaryCookieName 'flagger")),
        problems.toString());
    assertTrue(
        problems.stream().anyMatch(p -> p.startsWith("analysis.sessionAffinity needs weighted")),
        problems.toString());

    canary.getSpec().getAnalysis().setSessionAffinity(affinity("c", "c"));
    canary.getSpec().getAnalysis().setMatch(List.of(new AbMatch()));
    problems = CanaryValidator.problems(canary, CONFIG, MESHES);
    assertTrue(
        problems.contains(
            "analysis.sessionAffinity.primaryCookieName must differ from cookieName 'c'"),
        problems.toString());
    assertTrue(
        problems.stream()
            .anyMatch(
                p -> p.startsWith("analysis.sessionAffinity does not combine with analysis.match")),
        problems.toString());
  }

  @Test
  void anUnknownProviderIsRefusedNamingItAndEveryProviderOfTheBuild() throws Exception {
    Canary canary = manifest("podinfo-istio.yaml");
    canary.getSpec().setProvider("appmesh");

    assertTrue(
        CanaryValidator.problems(canary, CONFIG, MESHES)
            .contains(
                "provider appmesh is not supported (supported: contour, gatewayapi:v1,"
                    + " gatewayapi:v1beta1, istio, kubernetes, linkerd, nginx, osm, smi:v1alpha1,"
                    + " smi:v1alpha2, smi:v1alpha3, traefik)"),
        CanaryValidator.problems(canary, CONFIG, MESHES).toString());
  }

  @Test
  void plainKubernetesRunsBlueGreenOnlyWithoutMatchOrMirror() throws Exception {
    // given: Flagger's blue/green sample on plain Kubernetes is valid
    Canary canary = manifest("podinfo-bluegreen.yaml");
    assertEquals(List.of(), CanaryValidator.problems(canary, CONFIG, MESHES));

    // when: it asks for weights, an A/B match and a mirror
    canary.getSpec().getAnalysis().setIterations(null);
    canary.getSpec().getAnalysis().setStepWeight(10);
    canary.getSpec().getAnalysis().setMatch(List.of(new AbMatch()));
    canary.getSpec().getAnalysis().setMirror(true);
    List<String> problems = CanaryValidator.problems(canary, CONFIG, MESHES);

    // then: each is refused, the A/B match and the mirror as for any provider that cannot
    assertEquals(
        List.of(
            "provider kubernetes cannot shift weights: set analysis.iterations (blue/green)",
            "provider kubernetes cannot route by request match (A/B testing): remove"
                + " analysis.match (supported: contour, gatewayapi:v1, gatewayapi:v1beta1, istio,"
                + " nginx)",
            "provider kubernetes cannot mirror traffic: unset analysis.mirror"),
        problems);
  }

  @Test
  void maxWeightOutsideOneToHundredIsRefusedNamingTheField() throws Exception {
    // given Flagger's Istio sample, valid as written
    Canary canary = manifest("podinfo-istio.yaml");
    assertEquals(List.of(), CanaryValidator.problems(canary, CONFIG, MESHES));

    // when maxWeight is 0 (promotes with no traffic and no check), negative, or 150 (every tick
    // would route more than all traffic), then each is refused naming the field
    for (int maxWeight : new int[] {0, -5, 150}) {
      canary.getSpec().getAnalysis().setMaxWeight(maxWeight);
      assertEquals(
          List.of("analysis.maxWeight " + maxWeight + " is not within 1..100"),
          CanaryValidator.problems(canary, CONFIG, MESHES));
    }
    canary.getSpec().getAnalysis().setMaxWeight(100);
    assertEquals(List.of(), CanaryValidator.problems(canary, CONFIG, MESHES));
  }

  @Test
  void readyThresholdsOutsideOneToHundredAreRefusedNamingTheField() throws Exception {
    Canary canary = manifest("podinfo-istio.yaml");
    canary.getSpec().getAnalysis().setCanaryReadyThreshold(0);
    canary.getSpec().getAnalysis().setPrimaryReadyThreshold(101);

    assertEquals(
        List.of(
            "analysis.primaryReadyThreshold 101 is not within 1..100",
            "analysis.canaryReadyThreshold 0 is not within 1..100"),
        CanaryValidator.problems(canary, CONFIG, MESHES));

    canary.getSpec().getAnalysis().setCanaryReadyThreshold(1);
    canary.getSpec().getAnalysis().setPrimaryReadyThreshold(100);
    assertEquals(List.of(), CanaryValidator.problems(canary, CONFIG, MESHES));
  }

  @Test
  void anIntervalAboveADayIsRefused() throws Exception {
    Canary canary = manifest("podinfo-istio.yaml");
    canary.getSpec().getAnalysis().setInterval("24h");
    assertEquals(List.of(), CanaryValidator.problems(canary, CONFIG, MESHES));

    canary.getSpec().getAnalysis().setInterval("24h1s");
    assertEquals(
        List.of("analysis.interval 24h1s is above the maximum of 24h"),
        CanaryValidator.problems(canary, CONFIG, MESHES));
    canary.getSpec().getAnalysis().setInterval("100000000h");
    assertEquals(
        List.of("analysis.interval 100000000h is above the maximum of 24h"),
        CanaryValidator.problems(canary, CONFIG, MESHES));
  }

  @Test
  void webhookTimeoutAndRetriesBeyondTheirBoundsAreRefusedNamingTheHook() throws Exception {
    Canary canary = manifest("podinfo-istio.yaml");
    CanaryWebhook hook = new CanaryWebhook();
    hook.setName("load-test");
    hook.setType("rollout");
    hook.setUrl("http://tester.test/");
    hook.setTimeout("5m");
    hook.setRetries(20);
    canary.getSpec().getAnalysis().setWebhooks(List.of(hook));
    assertEquals(List.of(), CanaryValidator.problems(canary, CONFIG, MESHES));

    hook.setTimeout("5m1s");
    hook.setRetries(21);
    assertEquals(
        List.of(
            "webhook load-test: timeout 5m1s is above the maximum of 5m",
            "webhook load-test: retries 21 is not within 0..20"),
        CanaryValidator.problems(canary, CONFIG, MESHES));
    hook.setTimeout("10s");
    hook.setRetries(-1);
    assertEquals(
        List.of("webhook load-test: retries -1 is not within 0..20"),
        CanaryValidator.problems(canary, CONFIG, MESHES));
  }

  @Test
  void aMetricIntervalThatIsNotAPlainDurationIsRefusedBeforeItReachesAQuery() throws Exception {
    Canary canary = manifest("podinfo-istio.yaml");
    CanaryMetric metric = new CanaryMetric();
    metric.setName("error-rate");
    metric.setThreshold(1.0);
    metric.setQuery("sum(rate(errors[{{ interval }}]))");
    canary.getSpec().getAnalysis().setMetrics(List.of(metric));
    for (String valid : new String[] {"1m", "30s", "1h30m", "500ms"}) {
      metric.setInterval(valid);
      assertEquals(List.of(), CanaryValidator.problems(canary, CONFIG, MESHES), valid);
    }

    // when the interval would splice PromQL into the query, or is not a duration PromQL reads
    for (String bad : new String[] {"1m]) or vector(1", "1.5m", "0s", "1m ", "5", "1d"}) {
      metric.setInterval(bad);

      // then it is refused naming the metric and the field
      assertEquals(
          List.of(
              "metric error-rate: interval "
                  + bad
                  + " is not a positive duration such as 30s, 1m or 1h30m"),
          CanaryValidator.problems(canary, CONFIG, MESHES),
          bad);
    }
  }

  @Test
  void aJudgeWithBadSettingsOrABuiltinSignalItsProviderCannotCountIsInvalid() throws Exception {
    Canary canary = manifest("podinfo-metrics.yaml");
    dev.sluice.api.v1beta1.CanaryJudge judge = new dev.sluice.api.v1beta1.CanaryJudge();
    judge.setAlpha(2.0);
    canary.getSpec().getAnalysis().setJudge(judge);

    List<String> problems = CanaryValidator.problems(canary, CONFIG, MESHES);
    assertTrue(
        problems.stream().anyMatch(p -> p.startsWith("analysis.judge.alpha")), problems.toString());

    judge.setAlpha(null);
    assertEquals(List.of(), CanaryValidator.problems(canary, CONFIG, MESHES));

    canary.getSpec().setProvider("smi:v1alpha3");
    problems = CanaryValidator.problems(canary, CONFIG, MESHES);
    assertTrue(
        problems.stream()
            .anyMatch(
                p ->
                    p.contains("analysis.judge.signals errors") && p.contains("no builtin counts")),
        problems.toString());
  }

  @Test
  void aJudgeSignalWhoseTemplateDoesNotExistIsInvalid() throws Exception {
    Canary canary = manifest("podinfo-metrics.yaml");
    dev.sluice.api.v1beta1.JudgeSignal orders = new dev.sluice.api.v1beta1.JudgeSignal();
    orders.setName("orders");
    dev.sluice.api.v1beta1.CrossNamespaceReference all =
        new dev.sluice.api.v1beta1.CrossNamespaceReference();
    all.setName("orders");
    dev.sluice.api.v1beta1.CrossNamespaceReference failed =
        new dev.sluice.api.v1beta1.CrossNamespaceReference();
    failed.setName("failed-orders");
    failed.setNamespace("shared");
    orders.setRequestsTemplateRef(all);
    orders.setBadTemplateRef(failed);
    dev.sluice.api.v1beta1.CanaryJudge judge = new dev.sluice.api.v1beta1.CanaryJudge();
    judge.setSignals(List.of(orders));
    canary.getSpec().getAnalysis().setJudge(judge);

    List<String> problems =
        CanaryValidator.judgeTemplateProblems(
            canary,
            (namespace, name) ->
                namespace.equals("test") && name.equals("orders")
                    ? Optional.of(new dev.sluice.api.v1beta1.MetricTemplate())
                    : Optional.empty());

    assertEquals(
        List.of(
            "analysis.judge.signals orders: badTemplateRef shared/failed-orders: MetricTemplate"
                + " not found"),
        problems);
  }

  private static Canary manifest(String file) throws Exception {
    Canary canary =
        new KubernetesSerialization()
            .unmarshal(
                Files.readString(Path.of("src/test/resources/canaries/" + file)), Canary.class);
    canary.getMetadata().setNamespace("test");
    return canary;
  }

  private static dev.sluice.api.v1beta1.SessionAffinity affinity(String name, String primary) {
    var affinity = new dev.sluice.api.v1beta1.SessionAffinity();
    affinity.setCookieName(name);
    affinity.setPrimaryCookieName(primary);
    return affinity;
  }

  /** podinfo-nginx with A/B matches, one per header given (x-canary, then x-canary-2, ...). */
  private static Canary nginxAbCanary(HeaderStringMatch... headers) throws Exception {
    Canary canary = manifest("podinfo-nginx.yaml");
    var analysis = canary.getSpec().getAnalysis();
    analysis.setStepWeight(null);
    analysis.setMaxWeight(null);
    analysis.setStepWeights(null);
    analysis.setIterations(5);
    java.util.List<AbMatch> matches = new java.util.ArrayList<>();
    for (int i = 0; i < headers.length; i++) {
      AbMatch match = new AbMatch();
      match.setHeaders(Map.of(i == 0 ? "x-canary" : "x-canary-" + (i + 1), headers[i]));
      matches.add(match);
    }
    analysis.setMatch(matches);
    return canary;
  }

  /** An exact match, or else a prefix one. */
  private static HeaderStringMatch header(String exact, String prefix) {
    HeaderStringMatch match = new HeaderStringMatch();
    match.setExact(exact);
    match.setPrefix(prefix);
    return match;
  }
}
