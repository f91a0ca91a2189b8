package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a metric check does when its query finds no data (Sluice only). Flagger always counts no
 * data as a failed check; {@link #FAIL} keeps that, the other two are opt-in.
 */
public enum NoDataPolicy {
  /** Count a failed check, as Flagger does. The default. */
  @JsonProperty("fail")
  FAIL("fail"),
  /** Neither advance nor count a failed check this step; try again at the next one. */
  @JsonProperty("hold")
  HOLD("hold"),
  /** Ignore this metric this step; the other metrics decide. */
  @JsonProperty("skip")
  SKIP("skip");

  private final String specValue;

  NoDataPolicy(String specValue) {
    this.specValue = specValue;
  }

  /** The value as written in {@code spec.analysis.metrics[].noData}. */
  public String specValue() {
    return specValue;
  }

  /** Reads a spec value; empty for anything but {@code fail}, {@code hold} or {@code skip}. */
  public static Optional<NoDataPolicy> parse(String value) {
    return Arrays.stream(values()).filter(p -> p.specValue.equals(value)).findFirst();
  }
}
