package dev.sluice.outbound;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Where an outgoing call may go, one rule for webhooks, metric providers and chat providers: never
 * to Sluice itself (its HTTP and management ports on a local address, or its own Service) and never
 * to a denied address (cloud metadata services and link-local by default).
 *
 * <p>The check runs on the host as written and on every address it resolves to, and the call then
 * connects to the address that was checked ({@link Allowed#address()}), so a name that resolves to
 * a denied address, or changes its answer between check and connect, cannot get past it.
 *
 * <p>Sluice's served gates ({@code /gate/*}, {@code /rollback/*}) are the exception to "never to
 * itself": they are meant to be called as hooks (README, HTTP API), and act only on the canary that
 * the payload names, which Sluice fills in with the calling canary. The path must be one of them
 * exactly as written (no dot segments, no escapes), so that it routes to nothing else.
 *
 * <p>Contract: {@link #check} never throws but for a host that does not resolve; it looks the name
 * up (blocking), so it runs on the caller's worker thread. Reasons name the host and port and the
 * rule, never the URL's path, query or user info.
 */
public final class AddressPolicy {
  /** Link-local (where cloud metadata services live) and the metadata services' other names. */
  public static final String DEFAULT_DENY =
      "169.254.0.0/16,fe80::/10,100.100.100.200,fd00:ec2::254,metadata.google.internal,"
          + "metadata.goog,metadata";

  /** The Service of {@code deploy/service.yaml}, by every name a pod may write it. */
  public static final String DEFAULT_SELF_HOSTS =
      "sluice.sluice-system,sluice.sluice-system.svc,sluice.sluice-system.svc.cluster.local";

  /** Resolves a host name to its addresses; {@link InetAddress#getAllByName} outside tests. */
  @FunctionalInterface
  public interface Resolver {
    List<InetAddress> resolve(String host) throws UnknownHostException;
  }

  /** What {@link #check} decided. */
  public sealed interface Verdict permits Allowed, Refused {}

  /** The call may go, and must connect to {@code address}, the one that was checked. */
  public record Allowed(InetAddress address) implements Verdict {}

  /** The call must not be made, for {@code reason}. */
  public record Refused(String reason) implements Verdict {}

  /** Sluice's served gates, exactly: the one part of its own API its hooks may call. */
  private static final Pattern SERVED_GATE =
      Pattern.compile("/(gate/(approve|halt|check|open|close)|rollback/(check|open|close))");

  private record Range(String entry, byte[] network, int prefix) {
    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (bytes[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xff << (8 - rest) & 0xff;
      return (bytes[full] & mask) == (network[full] & mask);
    }
  }

  private final List<Range> deniedRanges = new ArrayList<>();
  private final Set<String> deniedHosts = new HashSet<>();
  private final Set<String> selfHosts = new HashSet<>();
  private final Supplier<Set<Integer>> selfPorts;
  private final Resolver resolver;
  private volatile Set<InetAddress> localAddresses;

  /**
   * @param deny CIDR ranges, single IPs and host names no call may reach
   * @param selfHosts host names of Sluice's own Service
   * @param selfPorts the ports Sluice listens on (HTTP, HTTPS, management), asked at each check
   *     since they are known only once the servers listen
   * @throws IllegalArgumentException naming an entry of {@code deny} that is not a valid range
   */
  public AddressPolicy(
      List<String> deny,
      List<String> selfHosts,
      Supplier<Set<Integer>> selfPorts,
      Resolver resolver) {
    for (String entry : deny) {
      addDenied(entry.strip());
    }
    for (String host : selfHosts) {
      if (!host.isBlank()) {
        this.selfHosts.add(hostKey(host));
      }
    }
    this.selfPorts = selfPorts;
    this.resolver = resolver;
  }

  /** The default deny list, no self addresses: for clients built outside the application. */
  public static AddressPolicy defaults() {
    return new AddressPolicy(
        List.of(DEFAULT_DENY.split(",")), List.of(), Set::of, AddressPolicy::lookUp);
  }

  /** The system's resolver. */
  public static List<InetAddress> lookUp(String host) throws UnknownHostException {
    return List.of(InetAddress.getAllByName(host));
  }

  /**
   * Checks where {@code url} would connect.
   *
   * @return {@link Refused} with the reason, or {@link Allowed} with the address to connect to
   * @throws UnknownHostException when the host does not resolve
   */
  public Verdict check(String url) throws UnknownHostException {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (Exception e) {
      return new Refused("not a URL");
    }
    if (uri.getHost() == null) {
      return new Refused("a URL without a host");
    }
    String host = hostKey(uri.getHost());
    int port = port(uri);
    String shown = uri.getHost() + ":" + port;
    boolean self = !isServedGate(uri);
    Optional<String> asWritten = refusalOfName(host, shown, self);
    if (asWritten.isPresent()) {
      return new Refused(asWritten.get());
    }
    List<InetAddress> addresses = resolver.resolve(host);
    if (addresses.isEmpty()) {
      throw new UnknownHostException(host);
    }
    for (InetAddress address : addresses) {
      Optional<String> refusal = refusalOfAddress(address, port, shown, self, true);
      if (refusal.isPresent()) {
        return new Refused(refusal.get());
      }
    }
    return new Allowed(addresses.get(0));
  }

  /**
   * What can be told of {@code url} without a lookup: a denied host name or Sluice's own Service by
   * name, or an IP literal (or {@code localhost}) that {@link #check} would refuse. For validation,
   * which must not wait on DNS; the call itself is checked again, resolved, by {@link #check}.
   *
   * @return the reason, empty when nothing is wrong as written (or it is not a URL)
   */
  public Optional<String> refusalAsWritten(String url) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (Exception e) {
      return Optional.empty();
    }
    if (uri.getHost() == null) {
      return Optional.empty();
    }
    String host = hostKey(uri.getHost());
    int port = port(uri);
    String shown = uri.getHost() + ":" + port;
    boolean self = !isServedGate(uri);
    Optional<String> asWritten = refusalOfName(host, shown, self);
    if (asWritten.isPresent() || !(host.equals("localhost") || looksLikeIp(host))) {
      return asWritten;
    }
    try {
      InetAddress literal =
          host.equals("localhost") ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host);
      return refusalOfAddress(literal, port, shown, self, false);
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private Optional<String> refusalOfName(String host, String shown, boolean selfRefused) {
    if (deniedHosts.contains(host)) {
      return Optional.of(shown + " is in the deny list (sluice.outbound.deny: " + host + ")");
    }
    if (selfRefused && selfHosts.contains(host)) {
      return Optional.of(
          shown + " is Sluice's own Service (sluice.outbound.self-hosts: " + host + ")");
    }
    return Optional.empty();
  }

  private Optional<String> refusalOfAddress(
      InetAddress address, int port, String shown, boolean selfRefused, boolean lookUpSelf) {
    String ip = address.getHostAddress();
    for (Range range : deniedRanges) {
      if (range.contains(address)) {
        return Optional.of(
            shown
                + " resolves to "
                + ip
                + ", in the deny list (sluice.outbound.deny: "
                + range.entry()
                + ")");
      }
    }
    if (!selfRefused) {
      return Optional.empty();
    }
    if (isLocal(address) && selfPorts.get().contains(port)) {
      return Optional.of(shown + " is Sluice's own API (port " + port + " of this pod)");
    }
    for (String self : selfHosts) {
      // a Service's cluster IP is never loopback: no lookups for local test receivers
      if (lookUpSelf && !address.isLoopbackAddress() && resolvesTo(self, address)) {
        return Optional.of(
            shown + " resolves to " + ip + ", the address of Sluice's own Service " + self);
      }
    }
    return Optional.empty();
  }

  private boolean resolvesTo(String host, InetAddress address) {
    try {
      return resolver.resolve(host).contains(address);
    } catch (UnknownHostException e) {
      // outside the cluster, or another install: the name is not Sluice's here
      return false;
    }
  }

  /** Loopback, the wildcard (connecting to 0.0.0.0 reaches this host) or an interface's own. */
  private boolean isLocal(InetAddress address) {
    return address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || localAddresses().contains(address);
  }

  private Set<InetAddress> localAddresses() {
    Set<InetAddress> known = localAddresses;
    if (known == null) {
      Set<InetAddress> found = new HashSet<>();
      try {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
          found.addAll(Collections.list(nic.getInetAddresses()));
        }
      } catch (SocketException e) {
        // loopback and the wildcard are still recognised without the interfaces
      }
      known = Set.copyOf(found);
      localAddresses = known;
    }
    return known;
  }

  private void addDenied(String entry) {
    if (entry.isEmpty()) {
      return;
    }
    int slash = entry.indexOf('/');
    String address = slash < 0 ? entry : entry.substring(0, slash);
    if (!looksLikeIp(address)) {
      if (slash >= 0) {
        throw new IllegalArgumentException("sluice.outbound.deny: not a CIDR range: " + entry);
      }
      deniedHosts.add(hostKey(entry));
      return;
    }
    byte[] network;
    try {
      // a literal: no lookup happens
      network = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("sluice.outbound.deny: not an address: " + entry, e);
    }
    int prefix = network.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(entry.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > network.length * 8) {
        throw new IllegalArgumentException("sluice.outbound.deny: bad prefix length: " + entry);
      }
    }
    deniedRanges.add(new Range(entry, network, prefix));
  }

  private static boolean isServedGate(URI uri) {
    return uri.getRawPath() != null && SERVED_GATE.matcher(uri.getRawPath()).matches();
  }

  private static boolean looksLikeIp(String text) {
    return text.contains(":") || text.matches("[0-9.]+");
  }

  private static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String hostKey(String host) {
    String key = host.strip().toLowerCase(Locale.ROOT);
    if (key.startsWith("[") && key.endsWith("]")) {
      key = key.substring(1, key.length() - 1);
    }
    while (key.endsWith(".")) {
      key = key.substring(0, key.length() - 1);
    }
    return key;
  }
}
