package dev.sluice.router.nginx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an Ingress against networking.k8s.io/v1 as far as the typed model and the API server's own
 * validation rules for Ingress go: no field outside fabric8's model of the kind, and the rules
 * Kubernetes enforces on names, annotation keys, paths and backends.
 */
public final class IngressValidity {
  private static final ObjectMapper STRICT =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Set<String> PATH_TYPES = Set.of("Exact", "Prefix", "ImplementationSpecific");

  private IngressValidity() {}

  public static void assertValid(Ingress ingress) {
    List<String> problems = new ArrayList<>();
    try {
      String json = STRICT.writeValueAsString(ingress);
      Ingress reread = STRICT.readValue(json, Ingress.class);
      assertEquals(ingress, reread, "survives a round trip through the typed model");
      assertTrue(
          reread.getAdditionalProperties().isEmpty()
              && reread.getSpec().getAdditionalProperties().isEmpty(),
          "no field outside the model");
    } catch (java.io.IOException e) {
      throw new AssertionError("not an Ingress: " + e.getMessage(), e);
    }
    if (!"networking.k8s.io/v1".equals(ingress.getApiVersion())) {
      problems.add("apiVersion " + ingress.getApiVersion());
    }
    String name = ingress.getMetadata().getName();
    if (name == null || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      problems.add("name " + name);
    }
    if (ingress.getMetadata().getAnnotations() != null) {
      ingress
          .getMetadata()
          .getAnnotations()
          .forEach(
              (key, value) -> {
                String[] parts = key.split("/", 2);
                String local = parts.length == 2 ? parts[1] : parts[0];
                if (parts.length == 2 && !DNS_SUBDOMAIN.matcher(parts[0]).matches()
                    || local.length() > 63
                    || !QUALIFIED_NAME.matcher(local).matches()
                    || value == null) {
                  problems.add("annotation " + key + "=" + value);
                }
              });
    }
    var spec = ingress.getSpec();
    if (spec.getDefaultBackend() == null
        && (spec.getRules() == null || spec.getRules().isEmpty())) {
      problems.add("neither defaultBackend nor rules");
    }
    backendProblems("defaultBackend", spec.getDefaultBackend(), problems);
    if (spec.getRules() != null) {
      for (IngressRule rule : spec.getRules()) {
        if (rule.getHttp() == null) {
          continue;
        }
        for (HTTPIngressPath path : rule.getHttp().getPaths()) {
          if (!PATH_TYPES.contains(path.getPathType())) {
            problems.add("path " + path.getPath() + ": pathType " + path.getPathType());
          }
          if (path.getPath() != null && !path.getPath().startsWith("/")) {
            problems.add("path " + path.getPath() + " is not absolute");
          }
          if (path.getBackend() == null) {
            problems.add("path " + path.getPath() + " has no backend");
          }
          backendProblems("path " + path.getPath(), path.getBackend(), problems);
        }
      }
    }
    assertTrue(problems.isEmpty(), () -> "invalid Ingress: " + String.join("; ", problems));
  }

  private static void backendProblems(String at, IngressBackend backend, List<String> problems) {
    if (backend == null) {
      return;
    }
    if ((backend.getService() == null) == (backend.getResource() == null)) {
      problems.add(at + ": exactly one of service and resource");
      return;
    }
    var service = backend.getService();
    if (service == null) {
      return;
    }
    if (service.getName() == null || !DNS_SUBDOMAIN.matcher(service.getName()).matches()) {
      problems.add(at + ": service name " + service.getName());
    }
    var port = service.getPort();
    if (port == null || (port.getNumber() == null) == (port.getName() == null)) {
      problems.add(at + ": service port needs exactly one of number and name");
    }
  }
}
