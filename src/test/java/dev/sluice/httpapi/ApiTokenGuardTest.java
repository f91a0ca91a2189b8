package dev.sluice.httpapi;

import static dev.sluice.httpapi.ApiTokenGuard.authorized;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiTokenGuardTest {
  static final Optional<String> TOKEN = Optional.of("t0ken");

  @Test
  void withoutAConfiguredTokenEveryCallerIsLetThrough() {
    assertTrue(authorized(Optional.empty(), null));
    assertTrue(authorized(Optional.empty(), "Bearer anything"));
  }

  @Test
  void onlyTheBearerSchemeWithTheExactTokenIsLetThrough() {
    assertTrue(authorized(TOKEN, "Bearer t0ken"));
    assertTrue(authorized(TOKEN, "bearer t0ken"), "the scheme is case-insensitive (RFC 7235)");
    assertFalse(authorized(TOKEN, null));
    assertFalse(authorized(TOKEN, ""));
    assertFalse(authorized(TOKEN, "Bearer"));
    assertFalse(authorized(TOKEN, "Bearer "));
    assertFalse(authorized(TOKEN, "Bearer t0ke"));
    assertFalse(authorized(TOKEN, "Bearer t0ken2"));
    assertFalse(authorized(TOKEN, "Bearer T0KEN"));
    assertFalse(authorized(TOKEN, "Basic t0ken"));
    assertFalse(authorized(TOKEN, "t0ken"));
  }
}
