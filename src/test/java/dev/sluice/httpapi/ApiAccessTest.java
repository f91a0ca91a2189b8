package dev.sluice.httpapi;

import static dev.sluice.httpapi.ApiAccess.bearer;
import static dev.sluice.httpapi.ApiAccess.sameToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiAccessTest {

  @Test
  void onlyTheBearerSchemeWithATokenCarriesOne() {
    assertEquals(Optional.of("t0ken"), bearer("Bearer t0ken"));
    assertEquals(Optional.of("t0ken"), bearer("bearer t0ken"), "case-insensitive (RFC 7235)");
    assertEquals(Optional.empty(), bearer(null));
    assertEquals(Optional.empty(), bearer(""));
    assertEquals(Optional.empty(), bearer("Bearer"));
    assertEquals(Optional.empty(), bearer("Bearer "));
    assertEquals(Optional.empty(), bearer("Bearer    "));
    assertEquals(Optional.empty(), bearer("Basic t0ken"));
    assertEquals(Optional.empty(), bearer("t0ken"));
  }

  @Test
  void theStaticTokenMatchesOnlyItself() {
    assertTrue(sameToken("t0ken", "t0ken"));
    assertFalse(sameToken("t0ke", "t0ken"));
    assertFalse(sameToken("t0ken2", "t0ken"));
    assertFalse(sameToken("T0KEN", "t0ken"));
  }
}
