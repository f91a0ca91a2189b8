package dev.sluice.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ControlActionTest {

  @Test
  void actionsAreParsedByTheirLowerCaseNameOnly() {
    assertEquals(Optional.of(ControlAction.PROMOTE), ControlAction.parse("promote"));
    assertEquals(Optional.of(ControlAction.SKIP), ControlAction.parse("skip"));
    assertEquals(Optional.empty(), ControlAction.parse("PROMOTE"));
    assertEquals(Optional.empty(), ControlAction.parse("rollback"));
    assertEquals(Optional.empty(), ControlAction.parse(null));
  }

  @Test
  void requestsWithinOneMillisecondStillGetDistinctIds() {
    long now = 1_700_000_000_000L;
    Set<String> values = new HashSet<>();

    for (int i = 0; i < 1000; i++) {
      values.add(ControlAction.PAUSE.newRequest(now));
    }

    assertEquals(1000, values.size());
    String one = values.iterator().next();
    assertTrue(one.startsWith("pause/" + Long.toString(now, 36) + "-"), one);
    assertTrue(one.length() <= 63, "short enough to read in kubectl: " + one);
  }

  @Test
  void theValidActionsAreListedForErrorMessages() {
    assertEquals("promote, abort, pause, resume, skip", ControlAction.valid());
  }
}
