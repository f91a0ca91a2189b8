package dev.sluice.outbound;

import java.io.IOException;

/**
 * The call was not made: its address is one Sluice must not reach ({@link AddressPolicy}). Not
 * transient: retrying would be refused again.
 */
public final class AddressRefusedException extends IOException {
  public AddressRefusedException(String reason) {
    super(reason);
  }
}
