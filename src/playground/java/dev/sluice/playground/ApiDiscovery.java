package dev.sluice.playground;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * API discovery as an API server serves it ({@code /api}, {@code /api/v1}, {@code /apis}, {@code
 * /apis/GROUP}, {@code /apis/GROUP/VERSION}), for the in-memory API, whose mock server answers
 * these paths with lists of CRDs. kubectl resolves every resource type it is given ({@code
 * canaries}, {@code ev}, {@code vs}) through these documents, so without them it knows none.
 *
 * <p>The built-in kinds are the ones the playground, the controller and a curious user touch;
 * custom kinds come from the CRDs the in-memory API holds at the time of the request. The
 * aggregated form ({@code apidiscovery.k8s.io/v2}) is not served: asked for it, the answer is the
 * plain form, and clients fall back to reading each group version, as they do with older servers.
 * Pure: the caller passes the CRDs.
 */
final class ApiDiscovery {

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** One resource type of one group version. */
  record Kind(
      String group,
      String version,
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> subresources) {

    String groupVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }
  }

  static final List<Kind> BUILT_IN =
      List.of(
          core("namespaces", "Namespace", false, List.of("ns"), List.of("status")),
          core("pods", "Pod", true, List.of("po"), List.of("status", "log")),
          core("services", "Service", true, List.of("svc"), List.of("status")),
          core("endpoints", "Endpoints", true, List.of("ep"), List.of()),
          core("configmaps", "ConfigMap", true, List.of("cm"), List.of()),
          core("secrets", "Secret", true, List.of(), List.of()),
          core("events", "Event", true, List.of("ev"), List.of()),
          core("serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of()),
          core("nodes", "Node", false, List.of("no"), List.of("status")),
          of("apps", "v1", "deployments", "Deployment", List.of("deploy"), "status", "scale"),
          of("apps", "v1", "replicasets", "ReplicaSet", List.of("rs"), "status", "scale"),
          of("apps", "v1", "statefulsets", "StatefulSet", List.of("sts"), "status", "scale"),
          of("apps", "v1", "daemonsets", "DaemonSet", List.of("ds"), "status"),
          of(
              "autoscaling",
              "v2",
              "horizontalpodautoscalers",
              "HorizontalPodAutoscaler",
              List.of("hpa"),
              "status"),
          of("networking.k8s.io", "v1", "ingresses", "Ingress", List.of("ing"), "status"),
          of("coordination.k8s.io", "v1", "leases", "Lease", List.of()),
          new Kind(
              "apiextensions.k8s.io",
              "v1",
              "customresourcedefinitions",
              "customresourcedefinition",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds"),
              List.of("status")));

  private ApiDiscovery() {}

  private static Kind core(
      String plural,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> subresources) {
    return new Kind(
        "", "v1", plural, kind.toLowerCase(), kind, namespaced, shortNames, subresources);
  }

  private static Kind of(
      String group,
      String version,
      String plural,
      String kind,
      List<String> shortNames,
      String... subresources) {
    return new Kind(
        group, version, plural, kind.toLowerCase(), kind, true, shortNames, List.of(subresources));
  }

  /** The served versions of the CRDs, as kinds. */
  static List<Kind> kinds(List<CustomResourceDefinition> crds) {
    List<Kind> kinds = new ArrayList<>(BUILT_IN);
    for (CustomResourceDefinition crd : crds) {
      var spec = crd.getSpec();
      var names = spec.getNames();
      for (CustomResourceDefinitionVersion version : spec.getVersions()) {
        if (Boolean.FALSE.equals(version.getServed())) {
          continue;
        }
        List<String> subresources = new ArrayList<>();
        if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
          subresources.add("status");
        }
        if (version.getSubresources() != null && version.getSubresources().getScale() != null) {
          subresources.add("scale");
        }
        kinds.add(
            new Kind(
                spec.getGroup(),
                version.getName(),
                names.getPlural(),
                Optional.ofNullable(names.getSingular()).orElse(names.getKind().toLowerCase()),
                names.getKind(),
                !"Cluster".equals(spec.getScope()),
                Optional.ofNullable(names.getShortNames()).orElse(List.of()),
                subresources));
      }
    }
    return kinds;
  }

  /**
   * The discovery document for {@code path} (without its query), or empty when the path is not a
   * discovery path and the objects' store answers it.
   */
  static Optional<Object> document(String path, List<Kind> kinds, String serverAddress) {
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    if (parts.length == 1 && parts[0].equals("api")) {
      return Optional.of(
          new APIVersionsBuilder()
              .withVersions("v1")
              .addNewServerAddressByClientCIDR("0.0.0.0/0", serverAddress)
              .build());
    }
    if (parts.length == 2 && parts[0].equals("api") && parts[1].equals("v1")) {
      return Optional.of(resources("", "v1", kinds));
    }
    if (parts.length == 1 && parts[0].equals("apis")) {
      return Optional.of(new APIGroupListBuilder().withGroups(groups(kinds)).build());
    }
    if (parts.length == 2 && parts[0].equals("apis")) {
      return groups(kinds).stream()
          .filter(g -> g.getName().equals(parts[1]))
          .findFirst()
          .map(Object.class::cast);
    }
    if (parts.length == 3 && parts[0].equals("apis")) {
      boolean known =
          kinds.stream().anyMatch(k -> k.group().equals(parts[1]) && k.version().equals(parts[2]));
      return known ? Optional.of(resources(parts[1], parts[2], kinds)) : Optional.empty();
    }
    return Optional.empty();
  }

  private static Object resources(String group, String version, List<Kind> kinds) {
    List<APIResource> resources = new ArrayList<>();
    for (Kind kind : kinds) {
      if (!kind.group().equals(group) || !kind.version().equals(version)) {
        continue;
      }
      resources.add(
          new APIResourceBuilder()
              .withName(kind.plural())
              .withSingularName(kind.singular())
              .withKind(kind.kind())
              .withNamespaced(kind.namespaced())
              .withVerbs(VERBS)
              .withShortNames(kind.shortNames().isEmpty() ? null : kind.shortNames())
              .build());
      for (String subresource : kind.subresources()) {
        resources.add(
            new APIResourceBuilder()
                .withName(kind.plural() + "/" + subresource)
                .withSingularName("")
                .withKind(subresource.equals("scale") ? "Scale" : kind.kind())
                .withGroup(subresource.equals("scale") ? "autoscaling" : null)
                .withVersion(subresource.equals("scale") ? "v1" : null)
                .withNamespaced(kind.namespaced())
                .withVerbs(
                    subresource.equals("log") ? List.of("get") : List.of("get", "patch", "update"))
                .build());
      }
    }
    return new APIResourceListBuilder()
        .withGroupVersion(group.isEmpty() ? version : group + "/" + version)
        .withResources(resources)
        .build();
  }

  /** The groups other than the core one, each with its versions, the first preferred. */
  private static List<APIGroup> groups(List<Kind> kinds) {
    Map<String, List<String>> versions = new LinkedHashMap<>();
    for (Kind kind : kinds) {
      if (kind.group().isEmpty()) {
        continue;
      }
      List<String> of = versions.computeIfAbsent(kind.group(), g -> new ArrayList<>());
      if (!of.contains(kind.version())) {
        of.add(kind.version());
      }
    }
    List<APIGroup> groups = new ArrayList<>();
    versions.forEach(
        (group, list) -> {
          List<GroupVersionForDiscovery> gvs =
              list.stream().map(v -> new GroupVersionForDiscovery(group + "/" + v, v)).toList();
          groups.add(
              new APIGroupBuilder()
                  .withName(group)
                  .withVersions(gvs)
                  .withPreferredVersion(gvs.get(0))
                  .build());
        });
    return groups;
  }
}
