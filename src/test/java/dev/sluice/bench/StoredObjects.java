package dev.sluice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.UUID;

/**
 * Objects as the API server returns them, and so as the informer caches hold them and as desired
 * objects are compared against: with identity, managedFields, the defaults the desired object never
 * states, and status.
 */
public final class StoredObjects {

  private StoredObjects() {}

  /**
   * {@code object} as a fresh copy read back from what the API server would return for it: its own
   * strings and maps, as an informer holds it after decoding a watch event.
   */
  public static <T extends HasMetadata> T stored(T object, Class<T> type) {
    return BenchFixtures.SERIALIZATION.unmarshal(
        BenchFixtures.SERIALIZATION.asJson(asStored(BenchFixtures.tree(object))), type);
  }

  /**
   * What the API server makes of a desired object: identity, managedFields, and for Deployments and
   * Services the defaults and status the desired object never states.
   */
  public static ObjectNode asStored(ObjectNode desired) {
    ObjectNode live = desired.deepCopy();
    ObjectNode metadata = (ObjectNode) live.get("metadata");
    metadata.put("uid", UUID.randomUUID().toString());
    metadata.put("resourceVersion", "48213377");
    metadata.put("generation", 4);
    metadata.put("creationTimestamp", BenchFixtures.STARTED);
    metadata.set("managedFields", managedFields(desired));
    String kind = live.path("kind").asText();
    if (kind.equals("Deployment")) {
      deploymentDefaults(live);
    } else if (kind.equals("Service")) {
      serviceDefaults(live);
    }
    return live;
  }

  private static void deploymentDefaults(ObjectNode live) {
    ObjectNode spec = (ObjectNode) live.get("spec");
    ObjectNode strategy =
        spec.has("strategy") ? (ObjectNode) spec.get("strategy") : spec.putObject("strategy");
    strategy.put("type", "RollingUpdate");
    strategy.putObject("rollingUpdate").put("maxSurge", "25%").put("maxUnavailable", "25%");
    ObjectNode pod = (ObjectNode) spec.get("template").get("spec");
    pod.put("restartPolicy", "Always");
    pod.put("terminationGracePeriodSeconds", 30);
    pod.put("dnsPolicy", "ClusterFirst");
    pod.put("schedulerName", "default-scheduler");
    pod.put("serviceAccount", pod.path("serviceAccountName").asText("default"));
    pod.putObject("securityContext");
    for (JsonNode container : pod.path("containers")) {
      ObjectNode c = (ObjectNode) container;
      c.put("terminationMessagePath", "/dev/termination-log");
      c.put("terminationMessagePolicy", "File");
      c.put("imagePullPolicy", "IfNotPresent");
      for (JsonNode port : c.path("ports")) {
        ((ObjectNode) port).put("protocol", "TCP");
      }
      for (String probe : List.of("livenessProbe", "readinessProbe")) {
        if (c.has(probe)) {
          ObjectNode p = (ObjectNode) c.get(probe);
          p.put("timeoutSeconds", 1).put("periodSeconds", 10);
          p.put("successThreshold", 1).put("failureThreshold", 3);
          if (p.has("httpGet")) {
            ((ObjectNode) p.get("httpGet")).put("scheme", "HTTP");
          }
        }
      }
    }
    for (JsonNode volume : pod.path("volumes")) {
      for (String source : List.of("configMap", "secret")) {
        if (volume.has(source)) {
          ((ObjectNode) volume.get(source)).put("defaultMode", 420);
        }
      }
    }
    ObjectNode status = live.putObject("status");
    int replicas = spec.path("replicas").asInt(1);
    status.put("observedGeneration", 4);
    status.put("replicas", replicas).put("updatedReplicas", replicas);
    status.put("readyReplicas", replicas).put("availableReplicas", replicas);
    ArrayNode conditions = status.putArray("conditions");
    conditions
        .addObject()
        .put("type", "Available")
        .put("status", "True")
        .put("lastUpdateTime", BenchFixtures.STARTED)
        .put("lastTransitionTime", BenchFixtures.STARTED)
        .put("reason", "MinimumReplicasAvailable")
        .put("message", "Deployment has minimum availability.");
    conditions
        .addObject()
        .put("type", "Progressing")
        .put("status", "True")
        .put("lastUpdateTime", BenchFixtures.STARTED)
        .put("lastTransitionTime", BenchFixtures.STARTED)
        .put("reason", "NewReplicaSetAvailable")
        .put("message", "ReplicaSet \"podinfo-primary-5d8f6b9c7\" has successfully progressed.");
  }

  private static void serviceDefaults(ObjectNode live) {
    ObjectNode spec = (ObjectNode) live.get("spec");
    spec.put("type", "ClusterIP");
    spec.put("clusterIP", "10.96.14.27");
    spec.putArray("clusterIPs").add("10.96.14.27");
    spec.put("sessionAffinity", "None");
    spec.put("internalTrafficPolicy", "Cluster");
    spec.put("ipFamilyPolicy", "SingleStack");
    spec.putArray("ipFamilies").add("IPv4");
    live.putObject("status").putObject("loadBalancer");
  }

  /**
   * One managedFields entry listing every field the controller set, as server-side field tracking
   * records it: roughly the size of the object's own field names.
   */
  private static ArrayNode managedFields(ObjectNode desired) {
    ArrayNode entries = JsonNodeFactory.instance.arrayNode();
    ObjectNode entry = entries.addObject();
    entry.put("manager", "sluice");
    entry.put("operation", "Update");
    entry.put("apiVersion", desired.path("apiVersion").asText());
    entry.put("time", BenchFixtures.STARTED);
    entry.put("fieldsType", "FieldsV1");
    entry.set("fieldsV1", fieldSet(desired));
    return entries;
  }

  private static ObjectNode fieldSet(JsonNode node) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    node.properties()
        .forEach(
            field -> {
              JsonNode value = field.getValue();
              out.set(
                  "f:" + field.getKey(),
                  value.isObject() ? fieldSet(value) : out.objectNode()); // leaves are {}
            });
    return out;
  }
}
