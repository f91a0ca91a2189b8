package dev.sluice.router.istio;

import static dev.sluice.router.istio.IstioFixtures.canary;
import static dev.sluice.router.istio.IstioFixtures.json;
import static dev.sluice.router.istio.IstioFixtures.podinfo;
import static dev.sluice.router.istio.IstioFixtures.validJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IstioDestinationRuleTest {

  @Test
  void oneRulePerServiceNamedAfterItsShortHost() {
    // given
    Canary canary = podinfo();

    // when
    List<GenericKubernetesResource> rules = DestinationRuleModel.desired(canary);

    // then
    JsonNode primary = validJson(rules.get(0));
    JsonNode canaryRule = validJson(rules.get(1));
    assertEquals("DestinationRule", primary.get("kind").asText());
    assertEquals("networking.istio.io/v1beta1", primary.get("apiVersion").asText());
    assertEquals("podinfo-primary", primary.at("/metadata/name").asText());
    assertEquals("test", primary.at("/metadata/namespace").asText());
    assertEquals(json(Map.of("host", "podinfo-primary")), primary.get("spec"));
    assertEquals("podinfo-canary", canaryRule.at("/metadata/name").asText());
    assertEquals(json(Map.of("host", "podinfo-canary")), canaryRule.get("spec"));
    assertEquals(json(List.of(canary.ownerReference())), primary.at("/metadata/ownerReferences"));
    assertEquals(
        json(List.of(canary.ownerReference())), canaryRule.at("/metadata/ownerReferences"));
    assertFalse(primary.get("metadata").has("labels"), primary.toString());
  }

  @Test
  void followsTheApexName() {
    // given
    Canary canary = podinfo();
    canary.getSpec().getService().setName("frontend");

    // when
    JsonNode primary = validJson(DestinationRuleModel.desiredPrimary(canary));
    JsonNode canaryRule = validJson(DestinationRuleModel.desiredCanary(canary));

    // then
    assertEquals("frontend-primary", primary.at("/spec/host").asText());
    assertEquals("frontend-canary", canaryRule.at("/spec/host").asText());
  }

  @Test
  void bothRulesCarryTheWholeTrafficPolicy() {
    // given
    Canary canary =
        canary(
            """
            metadata: {name: podinfo, namespace: test}
            spec:
              targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}
              service:
                port: 9898
                trafficPolicy:
                  connectionPool:
                    http:
                      h2UpgradePolicy: UPGRADE
                      http1MaxPendingRequests: 1024
                      http2MaxRequests: 1024
                      idleTimeout: 60s
                      maxRequestsPerConnection: 10
                      maxRetries: 3
                  loadBalancer:
                    consistentHash:
                      httpCookie: {name: user, path: /, ttl: 0s}
                      minimumRingSize: 1024
                    localityLbSetting:
                      enabled: true
                      distribute:
                        - from: us-west/zone1/*
                          to: {"us-west/zone1/*": 80, "us-west/zone2/*": 20}
                    warmupDurationSecs: 30s
                  outlierDetection:
                    consecutive5xxErrors: 5
                    consecutiveGatewayErrors: 3
                    consecutiveLocalOriginFailures: 2
                    splitExternalLocalOriginErrors: true
                    interval: 10s
                    baseEjectionTime: 30s
                    maxEjectionPercent: 50
                    minHealthPercent: 10
                  tls:
                    mode: MUTUAL
                    clientCertificate: /etc/certs/cert.pem
                    privateKey: /etc/certs/key.pem
                    caCertificates: /etc/certs/ca.pem
                    sni: podinfo.test
                    subjectAltNames: [spiffe://cluster.local/ns/test/sa/podinfo]
              analysis: {interval: 1m}
            """);

    // when
    List<GenericKubernetesResource> rules = DestinationRuleModel.desired(canary);

    // then
    JsonNode expected = json(canary.getSpec().getService().getTrafficPolicy());
    for (GenericKubernetesResource rule : rules) {
      JsonNode trafficPolicy = validJson(rule).at("/spec/trafficPolicy");
      assertEquals(expected, trafficPolicy);
      assertEquals(
          80,
          trafficPolicy
              .at("/loadBalancer/localityLbSetting/distribute/0/to/us-west~1zone1~1*")
              .asInt());
      assertEquals("MUTUAL", trafficPolicy.at("/tls/mode").asText());
    }
  }

  @Test
  void aSimpleLoadBalancerAndTheOtherLoadBalancerChoices() {
    // given: Istio accepts only one of simple and consistentHash
    Canary simple = podinfo();
    simple
        .getSpec()
        .getService()
        .setTrafficPolicy(
            IstioFixtures.canary(
                    """
                metadata: {name: podinfo, namespace: test}
                spec:
                  targetRef: {name: podinfo}
                  service:
                    port: 9898
                    trafficPolicy:
                      loadBalancer: {simple: LEAST_REQUEST}
                      tls: {mode: ISTIO_MUTUAL}
                      outlierDetection: {consecutiveErrors: 7}
                  analysis: {}
                """)
                .getSpec()
                .getService()
                .getTrafficPolicy());

    // when
    JsonNode primary = validJson(DestinationRuleModel.desiredPrimary(simple));

    // then
    assertEquals("LEAST_REQUEST", primary.at("/spec/trafficPolicy/loadBalancer/simple").asText());
    assertEquals(7, primary.at("/spec/trafficPolicy/outlierDetection/consecutiveErrors").asInt());
  }
}
