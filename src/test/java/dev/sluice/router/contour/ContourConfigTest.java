package dev.sluice.router.contour;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.config.SluiceConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The key the README documents is the key the mapping reads, beside {@link SluiceConfig}. */
class ContourConfigTest {

  private static SmallRyeConfig config(Map<String, String> properties) {
    return new SmallRyeConfigBuilder()
        .withConverter(Duration.class, 200, new DurationConverter())
        .withMapping(SluiceConfig.class)
        .withMapping(ContourConfig.class)
        .withSources(new PropertiesConfigSource(properties, "test", 100))
        .build();
  }

  @Test
  void theIngressClassIsReadAndUnsetByDefault() {
    SmallRyeConfig set = config(Map.of("sluice.contour.ingress-class", "internal"));
    SmallRyeConfig unset = config(Map.of());

    assertEquals(Optional.of("internal"), set.getConfigMapping(ContourConfig.class).ingressClass());
    assertEquals(Optional.empty(), unset.getConfigMapping(ContourConfig.class).ingressClass());
  }
}
