package dev.sluice.httpapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.analysis.ControlRequest;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControlRequestActionTest {

  @Test
  void actionsAreParsedByTheirLowerCaseNameOnly() {
    assertEquals(
        Optional.of(ControlRequest.Action.PROMOTE), ControlRequest.Action.named("promote"));
    assertEquals(Optional.of(ControlRequest.Action.SKIP), ControlRequest.Action.named("skip"));
    assertEquals(Optional.empty(), ControlRequest.Action.named("PROMOTE"));
    assertEquals(Optional.empty(), ControlRequest.Action.named("rollback"));
    assertEquals(Optional.empty(), ControlRequest.Action.named(null));
  }

  @Test
  void requestsWithinOneMillisecondStillGetDistinctIds() {
    long now = 1_700_000_000_000L;
    Set<String> values = new HashSet<>();

    for (int i = 0; i < 1000; i++) {
      values.add(ControlRequest.Action.PAUSE.newRequest(now));
    }

    assertEquals(1000, values.size());
    String one = values.iterator().next();
    assertTrue(one.startsWith("pause/" + Long.toString(now, 36) + "-"), one);
    assertTrue(one.length() <= 63, "short enough to read in kubectl: " + one);
  }

  @Test
  void theValidActionsAreListedForErrorMessages() {
    assertEquals("promote, abort, pause, resume, skip", ControlRequest.Action.valid());
  }
}
