package dev.sluice.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryCondition;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.workload.ConfigRef;
import dev.sluice.workload.LabelPolicy;
import dev.sluice.workload.PrimaryDeployment;
import dev.sluice.workload.RevisionHasher;
import dev.sluice.workload.SelectorLabel;
import dev.sluice.workload.TrackedConfigs;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The objects the benchmarks work on: the canary of Flagger's Istio tutorial mid-run, a target
 * Deployment as a real application has it (3 containers with env, envFrom, volumes, probes and
 * resources), and objects "as stored": what the API server returns once it has added identity,
 * managedFields, defaults and status, which is what the informer cache holds and what the desired
 * objects are compared against.
 */
public final class BenchFixtures {

  /** The serialization the fabric8 client (and so the informers) uses. */
  public static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  public static final String REVISION = "3f1c9a7e5b2d4c8e9a0b1c2d3e4f5a6b";
  public static final Map<String, String> TRACKED =
      Map.of(
          "configmap/podinfo-config", "8d2c6a1f0b3e5d79",
          "secret/podinfo-secret", "1a4b7c0d3e6f9a2b");
  public static final String NOW = "2025-06-01T12:00:00Z";
  public static final String STARTED = "2025-06-01T11:58:00Z";

  private static final YAMLMapper YAML = new YAMLMapper();

  private static final String CANARY =
      """
      apiVersion: flagger.app/v1beta1
      kind: Canary
      metadata:
        name: podinfo
        namespace: test
        generation: 3
      spec:
        provider: istio
        targetRef:
          apiVersion: apps/v1
          kind: Deployment
          name: podinfo
        progressDeadlineSeconds: 600
        service:
          port: 9898
          targetPort: 9898
          portName: http
          gateways:
            - public-gateway.istio-system.svc.cluster.local
          hosts:
            - app.example.com
          trafficPolicy:
            tls:
              mode: DISABLE
          retries:
            attempts: 3
            perTryTimeout: 1s
            retryOn: "gateway-error,connect-failure,refused-stream"
          headers:
            request:
              add:
                x-envoy-upstream-rq-timeout-ms: "15000"
            response:
              remove:
                - x-powered-by
        analysis:
          interval: 1m
          threshold: 5
          maxWeight: 50
          stepWeight: 10
          metrics:
            - name: request-success-rate
              thresholdRange:
                min: 99
              interval: 1m
            - name: request-duration
              thresholdRange:
                max: 500
              interval: 30s
          webhooks:
            - name: load-test
              url: http://flagger-loadtester.test/
              timeout: 5s
              metadata:
                cmd: "hey -z 1m -q 10 -c 2 http://podinfo-canary.test:9898/"
      """;

  private static final String TARGET =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: podinfo
        namespace: test
        labels:
          app: podinfo
          team: web
          kustomize.toolkit.fluxcd.io/name: apps
        annotations:
          kustomize.toolkit.fluxcd.io/checksum: 8f2a6c
          owner: team-web
      spec:
        replicas: 3
        minReadySeconds: 5
        progressDeadlineSeconds: 60
        revisionHistoryLimit: 4
        strategy:
          type: RollingUpdate
        selector:
          matchLabels:
            app: podinfo
        template:
          metadata:
            labels:
              app: podinfo
              version: 6.7.0
            annotations:
              prometheus.io/scrape: "true"
              prometheus.io/port: "9797"
          spec:
            serviceAccountName: podinfo
            containers:
              - name: podinfod
                image: ghcr.io/stefanprodan/podinfo:6.7.0
                command: [./podinfo, --port=9898, --port-metrics=9797, --level=info]
                ports:
                  - {name: http, containerPort: 9898}
                  - {name: http-metrics, containerPort: 9797}
                  - {name: grpc, containerPort: 9999}
                env:
                  - {name: PODINFO_UI_COLOR, value: "#34577c"}
                  - {name: PODINFO_UI_MESSAGE, value: "greetings from podinfo"}
                  - name: POD_NAME
                    valueFrom: {fieldRef: {fieldPath: metadata.name}}
                  - name: API_KEY
                    valueFrom: {secretKeyRef: {name: podinfo-secret, key: apiKey}}
                envFrom:
                  - configMapRef: {name: podinfo-config}
                livenessProbe:
                  httpGet: {path: /healthz, port: 9898}
                  initialDelaySeconds: 5
                readinessProbe:
                  httpGet: {path: /readyz, port: 9898}
                  initialDelaySeconds: 5
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
                  limits: {cpu: "2", memory: 512Mi}
                volumeMounts:
                  - {name: config, mountPath: /etc/podinfo}
                  - {name: data, mountPath: /data}
              - name: log-shipper
                image: fluent/fluent-bit:3.2
                env:
                  - {name: FLUENT_HOST, value: logs.observability}
                  - name: NODE_NAME
                    valueFrom: {fieldRef: {fieldPath: spec.nodeName}}
                livenessProbe:
                  tcpSocket: {port: 2020}
                resources:
                  requests: {cpu: 10m, memory: 32Mi}
                  limits: {memory: 128Mi}
                volumeMounts:
                  - {name: data, mountPath: /data, readOnly: true}
              - name: cache
                image: redis:7.4-alpine
                args: [--maxmemory, 64mb]
                ports:
                  - {name: redis, containerPort: 6379}
                readinessProbe:
                  exec: {command: [redis-cli, ping]}
                resources:
                  requests: {cpu: 20m, memory: 64Mi}
                  limits: {memory: 96Mi}
            volumes:
              - name: config
                configMap: {name: podinfo-config}
              - name: secrets
                secret: {secretName: podinfo-secret}
              - name: data
                emptyDir: {}
      """;

  private BenchFixtures() {}

  /** The tutorial canary, {@code Progressing} at weight 20 of its current revision. */
  public static Canary canaryProgressing() {
    return canaryProgressing("test", "podinfo");
  }

  /** As {@link #canaryProgressing()}, for target {@code name} in namespace {@code namespace}. */
  public static Canary canaryProgressing(String namespace, String name) {
    Canary canary = read(renamed(CANARY, namespace, name), Canary.class);
    canary.getMetadata().setUid(UUID.nameUUIDFromBytes(name.getBytes()).toString());
    CanaryStatus status = new CanaryStatus();
    status.setPhase(CanaryPhase.Progressing);
    status.setCanaryWeight(20);
    status.setFailedChecks(0);
    status.setIterations(0);
    status.setLastAppliedSpec(REVISION);
    status.setLastPromotedSpec("0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f");
    status.setTrackedConfigs(TRACKED);
    status.setLastTransitionTime(STARTED);
    status.setObservedGeneration(3L);
    status.setConditions(
        List.of(
            condition(
                "Promoted",
                "Unknown",
                "Progressing",
                "New revision detected, progressing canary analysis."),
            condition("Ready", "False", "Progressing", "Rollout in progress.")));
    canary.setStatus(status);
    return canary;
  }

  /** The target Deployment: 3 containers with env, envFrom, volumes, probes and resources. */
  public static Deployment target() {
    return target("test", "podinfo");
  }

  /**
   * As {@link #target()}, named {@code name} (and so its configs) in namespace {@code namespace}.
   */
  public static Deployment target(String namespace, String name) {
    return read(renamed(TARGET, namespace, name), Deployment.class);
  }

  /** The tracked configs of {@link #target()}, as the tracker finds them. */
  public static TrackedConfigs trackedConfigs() {
    return trackedConfigs("podinfo");
  }

  /** The tracked configs of the target {@code name}. */
  public static TrackedConfigs trackedConfigs(String name) {
    return new TrackedConfigs(
        List.of(
            new ConfigRef(ConfigRef.Kind.CONFIG_MAP, name + "-config", "8d2c6a1f0b3e5d79"),
            new ConfigRef(ConfigRef.Kind.SECRET, name + "-secret", "1a4b7c0d3e6f9a2b")),
        List.of());
  }

  /** The primary Deployment Sluice creates for {@code target}, as the main code builds it. */
  public static Deployment primary(Canary canary, Deployment target) {
    TrackedConfigs tracked = trackedConfigs(target.getMetadata().getName());
    return PrimaryDeployment.initial(
        canary,
        target,
        new SelectorLabel("app", target.getMetadata().getName()),
        tracked,
        RevisionHasher.revision(target.getSpec().getTemplate(), tracked),
        LabelPolicy.flaggerDefaults());
  }

  /** {@code object} as JSON, the way the fabric8 client converts it before comparing. */
  public static ObjectNode tree(Object object) {
    return SERIALIZATION.convertValue(object, ObjectNode.class);
  }

  private static CanaryCondition condition(
      String type, String status, String reason, String message) {
    CanaryCondition condition = new CanaryCondition();
    condition.setType(type);
    condition.setStatus(status);
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setLastUpdateTime(STARTED);
    condition.setLastTransitionTime(STARTED);
    condition.setObservedGeneration(3L);
    return condition;
  }

  private static String renamed(String yaml, String namespace, String name) {
    return yaml.replace("namespace: test", "namespace: " + namespace).replace("podinfo", name);
  }

  private static <T> T read(String yaml, Class<T> type) {
    try {
      return YAML.readValue(yaml, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("bad fixture " + type.getSimpleName(), e);
    }
  }
}
