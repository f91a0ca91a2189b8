package dev.sluice.outbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * Where outgoing calls (webhooks, metric providers, chat and alert providers) may not go; each key
 * is documented in the README.
 */
@ConfigMapping(prefix = "sluice.outbound")
public interface OutboundConfig {

  /**
   * Addresses no call may reach: CIDR ranges, single IPs and host names, checked on the host as
   * written and on every address it resolves to. Link-local and the clouds' metadata services by
   * default.
   */
  @WithDefault(AddressPolicy.DEFAULT_DENY)
  List<String> deny();

  /**
   * Host names of Sluice's own Service: refused on any port, and so are the addresses they resolve
   * to (the Service's cluster IP written as a literal).
   */
  @WithDefault(AddressPolicy.DEFAULT_SELF_HOSTS)
  List<String> selfHosts();
}
