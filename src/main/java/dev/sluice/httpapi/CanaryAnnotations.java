package dev.sluice.httpapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1beta1.Canary;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.util.Optional;

/**
 * Reads and writes single Canaries for the HTTP API, always against the API server and never from
 * the informers: a gate check right after an open must see it, and so must another replica. (The
 * list of canaries is served from the informers.)
 *
 * <p>Canaries are handled as generic resources so that status fields this build does not model
 * (written by a newer controller) are shown as stored, not dropped.
 */
@ApplicationScoped
class CanaryAnnotations {
  static final String API_VERSION = Canary.GROUP + "/" + Canary.VERSION;
  private static final int HTTP_UNPROCESSABLE = 422;

  @Inject KubernetesClient client;

  /** The Canary as stored, if it exists. */
  Optional<GenericKubernetesResource> get(CanaryRef ref) {
    return Optional.ofNullable(canary(ref).get());
  }

  /**
   * Sets one annotation with a JSON merge patch on {@code metadata.annotations} alone: no
   * resourceVersion, so it never conflicts with the controller's status writes or with whoever owns
   * the spec, and other annotations stay as they are.
   *
   * @return false when the Canary does not exist
   */
  boolean set(CanaryRef ref, String key, String value) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    patch.putObject("metadata").putObject("annotations").put(key, value);
    return found(() -> canary(ref).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString()));
  }

  /**
   * Removes one annotation; removing one that is not there is done at once.
   *
   * <p>A JSON patch rather than a merge patch with a null value, which the API server would honour
   * but the fabric8 mock API server (7.5) stores as a literal null. A JSON patch {@code remove}
   * fails when the key is absent, hence the read first, and a 422 from a remove that raced with
   * another one counts as done once a re-read shows the key gone.
   *
   * @return false when the Canary does not exist
   */
  boolean remove(CanaryRef ref, String key) {
    Optional<GenericKubernetesResource> canary = get(ref);
    if (canary.isEmpty()) {
      return false;
    }
    if (!hasAnnotation(canary.get(), key)) {
      return true;
    }
    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
    patch
        .addObject()
        .put("op", "remove")
        .put("path", "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1"));
    try {
      return found(() -> canary(ref).patch(PatchContext.of(PatchType.JSON), patch.toString()));
    } catch (KubernetesClientException e) {
      if (e.getCode() == HTTP_UNPROCESSABLE) {
        Optional<GenericKubernetesResource> now = get(ref);
        if (now.isEmpty() || !hasAnnotation(now.get(), key)) {
          return now.isPresent();
        }
      }
      throw e;
    }
  }

  private static boolean hasAnnotation(GenericKubernetesResource canary, String key) {
    var annotations = canary.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(key);
  }

  /** Runs a write; false when the API server says the Canary does not exist. */
  private static boolean found(Runnable write) {
    try {
      write.run();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private Resource<GenericKubernetesResource> canary(CanaryRef ref) {
    return canaries().inNamespace(ref.namespace()).withName(ref.name());
  }

  private MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      canaries() {
    return client.genericKubernetesResources(API_VERSION, "Canary");
  }
}
