package dev.sluice.api.v1beta1;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/** Multi-document YAML or JSON manifests, as users write them. */
public final class Manifests {
  private Manifests() {}

  /**
   * The documents of a manifest: Canaries as Sluice's model (outside the application a plain
   * serializer does not know the kind and yields a generic resource), the rest as they come.
   */
  public static List<HasMetadata> read(KubernetesSerialization serialization, String text) {
    Object parsed = serialization.unmarshal(text);
    List<?> documents = parsed instanceof List<?> list ? list : List.of(parsed);
    return documents.stream()
        .map(HasMetadata.class::cast)
        .map(
            d ->
                "Canary".equals(d.getKind()) && !(d instanceof Canary)
                    ? (HasMetadata) serialization.convertValue(d, Canary.class)
                    : d)
        .toList();
  }
}
