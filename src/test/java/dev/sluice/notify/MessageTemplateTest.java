package dev.sluice.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTemplateTest {
  private static final Map<String, String> VALUES =
      Map.of(
          "message", "Promotion completed",
          "reason", "Succeeded",
          "name", "podinfo",
          "namespace", "test",
          "target", "podinfo-app",
          "phase", "Succeeded",
          "weight", "0",
          "cluster", "prod-eu");

  @Test
  void everyPlaceholderIsReplaced() {
    var template =
        new MessageTemplate(
            "[{cluster}] {namespace}/{name} ({target}) {phase} at {weight}%: {reason}: {message}");

    assertEquals(
        "[prod-eu] test/podinfo (podinfo-app) Succeeded at 0%: Succeeded: Promotion completed",
        template.render(VALUES));
  }

  @Test
  void theDefaultIsTheMessageAlone() {
    assertEquals("Promotion completed", new MessageTemplate(null).render(VALUES));
    assertEquals("Promotion completed", new MessageTemplate(" ").render(VALUES));
  }

  @Test
  void unknownPlaceholdersAndStrayBracesStayAsWritten() {
    var template = new MessageTemplate("{name} {unknown} {Name} {} { name } {{message}}");

    assertEquals(
        "podinfo {unknown} {Name} {} { name } {Promotion completed}", template.render(VALUES));
  }

  @Test
  void valuesAreNotExpandedAgain() {
    Map<String, String> values = new HashMap<>(VALUES);
    values.put("message", "weight $1 {name} \\ {weight}");

    assertEquals("weight $1 {name} \\ {weight}!", new MessageTemplate("{message}!").render(values));
  }

  @Test
  void aMissingValueRendersEmpty() {
    Map<String, String> values = new HashMap<>(VALUES);
    values.put("phase", null);

    assertEquals("podinfo []", new MessageTemplate("{name} [{phase}]").render(values));
  }
}
