package dev.sluice.router.smi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.traffic.Routes;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads the traffic split of a canary back from its live TrafficSplit. */
public final class TrafficSplitWeights {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TrafficSplitWeights() {}

  /**
   * The weights of {@code <apex>-primary} and {@code <apex>-canary} in {@code trafficSplit}'s
   * backends, as found, without correcting them. A weight may be a number or, as {@code v1alpha1}
   * has it, a quantity ({@code 90} or {@code "90"}); a backend that is missing counts as 0, as in
   * Flagger. Never mirrored: SMI cannot mirror.
   *
   * @return empty when both weights are 0 (the object is not, or no longer, a split of the two
   *     Services) or a weight is no whole number, e.g. {@code "500m"}, which Sluice never writes
   */
  public static Optional<Routes> read(Canary canary, GenericKubernetesResource trafficSplit) {
    Object spec = trafficSplit.getAdditionalProperties().get("spec");
    JsonNode backends = JSON.valueToTree(spec == null ? Map.of() : spec).path("backends");
    int primary = 0;
    int canaryWeight = 0;
    for (JsonNode backend : backends) {
      String service = backend.path("service").asText();
      boolean isPrimary = service.equals(TrafficSplitModel.primaryService(canary));
      boolean isCanary = service.equals(TrafficSplitModel.canaryService(canary));
      if (!isPrimary && !isCanary) {
        continue;
      }
      OptionalInt weight = wholeNumber(backend.path("weight"));
      if (weight.isEmpty()) {
        return Optional.empty();
      }
      if (isPrimary) {
        primary = weight.getAsInt();
      } else {
        canaryWeight = weight.getAsInt();
      }
    }
    if (primary == 0 && canaryWeight == 0) {
      return Optional.empty();
    }
    return Optional.of(new Routes(primary, canaryWeight, false));
  }

  private static OptionalInt wholeNumber(JsonNode weight) {
    BigDecimal value;
    try {
      if (weight.isNumber()) {
        value = weight.decimalValue();
      } else if (weight.isTextual()) {
        value = Quantity.getAmountInBytes(new Quantity(weight.asText()));
      } else {
        return OptionalInt.empty();
      }
      return OptionalInt.of(value.intValueExact());
    } catch (ArithmeticException | IllegalArgumentException e) {
      return OptionalInt.empty();
    }
  }
}
