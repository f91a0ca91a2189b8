package dev.sluice.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The deny list and the self check, on the host as written and on what it resolves to. */
class AddressPolicyTest {
  /** Names that resolve only here: the DNS tricks a tenant controls. */
  private static final Map<String, String> DNS =
      Map.of(
          "metadata-in-disguise.example", "169.254.169.254",
          "alibaba-metadata.example", "100.100.100.200",
          "pods.example", "10.1.2.3",
          "receiver.example", "127.0.0.1",
          "sluice.sluice-system.svc", "10.96.0.42",
          "sluice.sluice-system", "10.96.0.42");

  private static List<InetAddress> resolve(String host) throws UnknownHostException {
    String ip = DNS.get(host);
    if (ip == null) {
      // literals resolve without a lookup
      if (host.matches("[0-9a-fA-F.:]+")) {
        return List.of(InetAddress.getByName(host));
      }
      throw new UnknownHostException(host);
    }
    return List.of(InetAddress.getByName(ip));
  }

  private final AddressPolicy defaults =
      new AddressPolicy(
          List.of(AddressPolicy.DEFAULT_DENY.split(",")),
          List.of(AddressPolicy.DEFAULT_SELF_HOSTS.split(",")),
          () -> Set.of(8080, 9000),
          AddressPolicyTest::resolve);

  @Test
  void metadataServicesAndLinkLocalAreRefusedByAddressAndByName() throws Exception {
    for (String url :
        List.of(
            "http://169.254.169.254/latest/meta-data/",
            "http://169.254.170.2/v2/credentials",
            "http://[fe80::1]/",
            "http://100.100.100.200/latest/meta-data/",
            "http://[fd00:ec2::254]/latest/meta-data/",
            "http://[::ffff:169.254.169.254]/",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://METADATA.google.internal./computeMetadata/v1/")) {
      AddressPolicy.Verdict verdict = defaults.check(url);

      AddressPolicy.Refused refused = assertInstanceOf(AddressPolicy.Refused.class, verdict, url);
      assertTrue(refused.reason().contains("sluice.outbound.deny"), refused.reason());
    }
  }

  @Test
  void aNameIsCheckedOnTheAddressItResolvesTo() throws Exception {
    AddressPolicy.Verdict disguised =
        defaults.check("https://metadata-in-disguise.example/latest/meta-data/");
    AddressPolicy.Verdict alibaba = defaults.check("http://alibaba-metadata.example/");

    assertEquals(
        "metadata-in-disguise.example:443 resolves to 169.254.169.254, in the deny list"
            + " (sluice.outbound.deny: 169.254.0.0/16)",
        assertInstanceOf(AddressPolicy.Refused.class, disguised).reason());
    assertInstanceOf(AddressPolicy.Refused.class, alibaba);
  }

  @Test
  void anAllowedNameIsPinnedToTheAddressThatWasChecked() throws Exception {
    AddressPolicy.Verdict verdict = defaults.check("http://receiver.example:9999/hook");

    assertEquals(
        InetAddress.getByName("127.0.0.1"),
        assertInstanceOf(AddressPolicy.Allowed.class, verdict).address());
  }

  @Test
  void theDenyListIsConfigurable() throws Exception {
    AddressPolicy strict =
        new AddressPolicy(
            List.of("10.0.0.0/8", "internal.example"),
            List.of(),
            Set::of,
            AddressPolicyTest::resolve);

    assertInstanceOf(AddressPolicy.Refused.class, strict.check("http://pods.example/"));
    assertInstanceOf(AddressPolicy.Refused.class, strict.check("http://internal.example/"));
    // the metadata defaults are replaced, not kept, when the list is set
    assertInstanceOf(AddressPolicy.Allowed.class, strict.check("http://169.254.169.254/"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AddressPolicy(List.of("10.0.0.0/33"), List.of(), Set::of, h -> List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AddressPolicy(List.of("internal/8"), List.of(), Set::of, h -> List.of()));
  }

  @Test
  void sluicesOwnPortsOnLocalAddressesAndItsServiceAreRefusedOtherLoopbackPortsAreNot()
      throws Exception {
    for (String url :
        List.of(
            "http://127.0.0.1:8080/api/v1/namespaces/a/canaries/b/abort",
            "http://127.0.0.2:8080/",
            "http://[::1]:9000/q/health",
            "http://0.0.0.0:8080/",
            "http://receiver.example:8080/",
            "http://sluice.sluice-system.svc/api/v1/canaries",
            "http://sluice.sluice-system.svc.cluster.local:8080/",
            "http://10.96.0.42/api/v1/canaries")) {
      assertInstanceOf(AddressPolicy.Refused.class, defaults.check(url), url);
    }
    assertInstanceOf(AddressPolicy.Allowed.class, defaults.check("http://127.0.0.1:8081/"));
    // Sluice's served gates are meant to be hooks; they act on the calling canary only
    assertInstanceOf(
        AddressPolicy.Allowed.class, defaults.check("http://127.0.0.1:8080/gate/check"));
    assertInstanceOf(
        AddressPolicy.Allowed.class, defaults.check("http://sluice.sluice-system/rollback/open"));
    for (String around :
        List.of(
            "http://127.0.0.1:8080/gate/../api/v1/namespaces/a/canaries/b/abort",
            "http://127.0.0.1:8080/gate/%2e%2e/api/v1/namespaces/a/canaries/b/abort",
            "http://127.0.0.1:8080//gate/check",
            "http://sluice.sluice-system/gate/check/../../q/metrics")) {
      assertInstanceOf(AddressPolicy.Refused.class, defaults.check(around), around);
    }
    // the deny list has no exception
    assertInstanceOf(
        AddressPolicy.Refused.class, defaults.check("http://169.254.169.254/gate/check"));
    assertInstanceOf(AddressPolicy.Allowed.class, defaults.check("http://pods.example:8080/"));
  }

  @Test
  void aHostThatDoesNotResolveIsTheCallersTransportError() {
    assertThrows(UnknownHostException.class, () -> defaults.check("http://nowhere.example/"));
  }
}
