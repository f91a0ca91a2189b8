package dev.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The install manifests in {@code deploy/} are what a cluster admin reviews before applying; they
 * must hold the security posture the README promises.
 */
class DeployManifestsTest {

  static final Path DEPLOY = Path.of("deploy");
  static final String NAMESPACE = "sluice-system";
  static final String SERVICE_ACCOUNT = "sluice";

  static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.of(
          "Namespace", Namespace.class,
          "ServiceAccount", ServiceAccount.class,
          "ClusterRole", ClusterRole.class,
          "ClusterRoleBinding", ClusterRoleBinding.class,
          "Role", Role.class,
          "RoleBinding", RoleBinding.class,
          "Deployment", Deployment.class,
          "Service", Service.class,
          "ValidatingAdmissionPolicy", ValidatingAdmissionPolicy.class,
          "ValidatingAdmissionPolicyBinding", ValidatingAdmissionPolicyBinding.class);

  /** Verbs that let a subject grant itself or others more than it has. */
  static final Set<String> ESCALATING_VERBS = Set.of("escalate", "bind", "impersonate", "*");

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  static final YAMLMapper YAML = new YAMLMapper();
  static List<HasMetadata> objects;

  @BeforeAll
  static void parseEveryManifest() throws IOException {
    objects = new ArrayList<>();
    for (Path file : manifestFiles()) {
      for (JsonNode doc :
          YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class).readAll()) {
        if (doc.isNull() || doc.isMissingNode()) {
          continue;
        }
        String kind = doc.path("kind").asText();
        Class<? extends HasMetadata> type = KINDS.get(kind);
        assertNotNull(type, file + ": unexpected kind " + kind);
        objects.add(SERIALIZATION.unmarshal(YAML.writeValueAsString(doc), type));
      }
    }
  }

  @Test
  void theSecretPolicyDeniesAndNamesTheServiceAccountThatIsInstalled() {
    ValidatingAdmissionPolicy policy = only(ValidatingAdmissionPolicy.class);
    ValidatingAdmissionPolicyBinding binding = only(ValidatingAdmissionPolicyBinding.class);
    assertEquals(policy.getMetadata().getName(), binding.getSpec().getPolicyName());
    assertEquals(List.of("Deny"), binding.getSpec().getValidationActions());
    assertEquals("Fail", policy.getSpec().getFailurePolicy());
    // the policy's CEL names the ServiceAccount the ClusterRoleBinding binds
    String user = "system:serviceaccount:" + NAMESPACE + ":" + SERVICE_ACCOUNT;
    assertTrue(
        policy.getSpec().getMatchConditions().stream()
            .anyMatch(c -> c.getExpression().contains("'" + user + "'")),
        "matchConditions name " + user);
  }

  @Test
  void kustomizationIncludesTheCrdsAndEveryManifest() throws IOException {
    JsonNode kustomization = YAML.readTree(DEPLOY.resolve("kustomization.yaml").toFile());

    Set<String> resources = new TreeSet<>();
    kustomization.path("resources").forEach(r -> resources.add(r.asText()));
    Set<String> expected = new TreeSet<>();
    expected.add("../crds");
    manifestFiles().forEach(f -> expected.add(f.getFileName().toString()));
    assertEquals(expected, resources);
    assertTrue(
        Files.isRegularFile(Path.of("crds", "kustomization.yaml")), "../crds is a kustomization");
  }

  @Test
  void namespacedObjectsLiveInSluiceSystem() {
    for (HasMetadata o : objects) {
      if (o instanceof Namespace
          || o instanceof ClusterRole
          || o instanceof ClusterRoleBinding
          || o instanceof ValidatingAdmissionPolicy
          || o instanceof ValidatingAdmissionPolicyBinding) {
        continue;
      }
      assertEquals(
          NAMESPACE, o.getMetadata().getNamespace(), o.getKind() + " " + o.getMetadata().getName());
    }
    assertEquals(NAMESPACE, only(Namespace.class).getMetadata().getName());
    assertEquals(SERVICE_ACCOUNT, only(ServiceAccount.class).getMetadata().getName());
  }

  @Test
  void controllerRunsNonRootReadOnlyWithoutCapabilities() {
    Deployment deployment = only(Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = controllerContainer(deployment);

    assertEquals(SERVICE_ACCOUNT, pod.getServiceAccountName());
    assertEquals("ghcr.io/sluice-dev/sluice:0.1.0", container.getImage());
    assertEquals(List.of("controller"), container.getArgs());

    var podSecurity = pod.getSecurityContext();
    var security = container.getSecurityContext();
    assertTrue(
        Boolean.TRUE.equals(security.getRunAsNonRoot())
            || Boolean.TRUE.equals(podSecurity.getRunAsNonRoot()),
        "runAsNonRoot");
    assertFalse(
        podSecurity.getRunAsUser() != null && podSecurity.getRunAsUser() == 0, "runAsUser 0");
    assertEquals(true, security.getReadOnlyRootFilesystem(), "readOnlyRootFilesystem");
    assertEquals(false, security.getAllowPrivilegeEscalation(), "allowPrivilegeEscalation");
    assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), "capabilities.drop");
    assertTrue(
        security.getCapabilities().getAdd() == null
            || security.getCapabilities().getAdd().isEmpty(),
        "no added capabilities");
    assertTrue(security.getPrivileged() == null || !security.getPrivileged(), "not privileged");
    assertEquals("RuntimeDefault", podSecurity.getSeccompProfile().getType(), "pod seccomp");
    assertEquals("RuntimeDefault", security.getSeccompProfile().getType(), "container seccomp");
    assertTrue(pod.getHostNetwork() == null || !pod.getHostNetwork(), "no host network");
  }

  @Test
  void controllerLogsJsonLinesInTheCluster() {
    Container container = controllerContainer(only(Deployment.class));
    assertTrue(
        container.getEnv().stream()
            .anyMatch(
                e ->
                    e.getName().equals("QUARKUS_LOG_CONSOLE_JSON_ENABLED")
                        && "true".equals(e.getValue())),
        "a console for people (bin/sluice controller), JSON lines for the cluster's log pipeline");
  }

  @Test
  void controllerHasResourcesProbesMetricsAndAWritableTmp() {
    Deployment deployment = only(Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container container = controllerContainer(deployment);

    for (String resource : List.of("cpu", "memory")) {
      Quantity request = container.getResources().getRequests().get(resource);
      Quantity limit = container.getResources().getLimits().get(resource);
      assertNotNull(request, "requests." + resource);
      assertNotNull(limit, "limits." + resource);
      assertTrue(
          request.getNumericalAmount().compareTo(limit.getNumericalAmount()) <= 0,
          resource + " request <= limit");
    }

    assertHttpProbe(container.getLivenessProbe(), "/q/health/live");
    assertHttpProbe(container.getReadinessProbe(), "/q/health/ready");

    Map<String, String> annotations =
        deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    assertEquals("true", annotations.get("prometheus.io/scrape"));
    assertEquals("9000", annotations.get("prometheus.io/port"), "the management interface");
    assertEquals("/q/metrics", annotations.get("prometheus.io/path"));
    Map<String, Integer> ports = new java.util.HashMap<>();
    container.getPorts().forEach(p -> ports.put(p.getName(), p.getContainerPort()));
    assertEquals(Map.of("http", 8080, "management", 9000), ports);

    String tmpVolume =
        container.getVolumeMounts().stream()
            .filter(m -> "/tmp".equals(m.getMountPath()))
            .map(m -> m.getName())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no volume mounted on /tmp"));
    Volume volume =
        pod.getVolumes().stream()
            .filter(v -> tmpVolume.equals(v.getName()))
            .findFirst()
            .orElseThrow();
    assertNotNull(volume.getEmptyDir(), "/tmp is an emptyDir");
  }

  @Test
  void serviceReachesTheControllersHttpPortInsideTheClusterOnly() {
    Deployment deployment = only(Deployment.class);
    Service service = only(Service.class);

    assertEquals("sluice", service.getMetadata().getName());
    assertEquals("ClusterIP", service.getSpec().getType());
    assertEquals(
        deployment.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector());
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    service.getSpec().getSelector().forEach((k, v) -> assertEquals(v, podLabels.get(k), k));
    assertEquals(1, service.getSpec().getPorts().size());
    ServicePort port = service.getSpec().getPorts().get(0);
    assertEquals(80, port.getPort());
    assertEquals("http", port.getTargetPort().getStrVal(), "targets the named container port");
    var containerPort = controllerContainer(deployment).getPorts().get(0);
    assertEquals("http", containerPort.getName());
    assertEquals(8080, containerPort.getContainerPort());
  }

  @Test
  void clusterRoleIsLeastPrivilege() {
    ClusterRole role = only(ClusterRole.class);
    List<String> problems = new ArrayList<>();
    for (PolicyRule rule : role.getRules()) {
      String at = rule.getApiGroups() + " " + rule.getResources();
      if (rule.getVerbs().contains("*")
          || rule.getResources().contains("*")
          || rule.getApiGroups().contains("*")) {
        problems.add(at + ": wildcard");
      }
      if (rule.getVerbs().stream().anyMatch(ESCALATING_VERBS::contains)) {
        problems.add(at + ": escalating verb " + rule.getVerbs());
      }
      if (rule.getNonResourceURLs() != null && !rule.getNonResourceURLs().isEmpty()) {
        problems.add(at + ": nonResourceURLs");
      }
      if (rule.getResources().stream()
              .anyMatch(
                  r ->
                      Set.of("secrets", "services", "configmaps", "deployments", "daemonsets")
                          .contains(r))
          && rule.getVerbs().contains("delete")) {
        problems.add(at + ": delete is left to the garbage collector via owner references");
      }
    }
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));

    assertTrue(allows(role.getRules(), "flagger.app", "canaries", "watch"));
    assertTrue(allows(role.getRules(), "flagger.app", "canaries/status", "update"));
    assertTrue(allows(role.getRules(), "flagger.app", "canaries/finalizers", "update"));
    assertTrue(allows(role.getRules(), "apps", "deployments", "create"));
    assertTrue(allows(role.getRules(), "", "events", "create"));
    assertTrue(allows(role.getRules(), "networking.istio.io", "virtualservices", "delete"));
    assertTrue(allows(role.getRules(), "gateway.networking.k8s.io", "httproutes", "update"));
    assertFalse(
        allows(role.getRules(), "apps", "daemonsets", "create"), "DaemonSets are not supported");
    assertFalse(
        allows(role.getRules(), "", "secrets", "list"), "Secrets are read by name, never listed");
    assertTrue(allows(role.getRules(), "networking.k8s.io", "ingresses", "watch"));
    assertTrue(allows(role.getRules(), "networking.k8s.io", "ingresses", "delete"));
    assertTrue(allows(role.getRules(), "traefik.io", "traefikservices", "update"));
    assertFalse(allows(role.getRules(), "traefik.io", "traefikservices", "delete"));
    assertTrue(allows(role.getRules(), "split.smi-spec.io", "trafficsplits", "watch"));
    assertTrue(allows(role.getRules(), "split.smi-spec.io", "trafficsplits", "update"));
    assertTrue(allows(role.getRules(), "split.smi-spec.io", "trafficsplits", "delete"));
    assertTrue(allows(role.getRules(), "projectcontour.io", "httpproxies", "update"));
    assertFalse(
        allows(role.getRules(), "projectcontour.io", "httpproxies", "delete"),
        "the Contour router hands its HTTPProxy over, it never deletes one");
    assertFalse(
        allows(role.getRules(), "coordination.k8s.io", "leases", "get"),
        "leases are namespaced: see the Role");
  }

  @Test
  void clusterRoleLetsTheHttpApiReviewItsCallers() {
    List<PolicyRule> rules = only(ClusterRole.class).getRules();

    assertTrue(allows(rules, "authentication.k8s.io", "tokenreviews", "create"));
    assertTrue(allows(rules, "authorization.k8s.io", "subjectaccessreviews", "create"));
  }

  @Test
  void everyRbacRuleSaysWhyItIsNeeded() throws IOException {
    List<String> lines = Files.readAllLines(DEPLOY.resolve("rbac.yaml"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().startsWith("- apiGroups:")) {
        assertTrue(
            lines.get(i - 1).trim().startsWith("#"),
            "rbac.yaml line " + (i + 1) + ": rule without a comment saying why");
      }
    }
  }

  @Test
  void bindingsGrantToTheControllerServiceAccountOnly() {
    Role leaderElection = only(Role.class);
    assertTrue(allows(leaderElection.getRules(), "coordination.k8s.io", "leases", "update"));
    assertEquals(NAMESPACE, leaderElection.getMetadata().getNamespace());

    ClusterRoleBinding clusterBinding = only(ClusterRoleBinding.class);
    assertEquals("ClusterRole", clusterBinding.getRoleRef().getKind());
    assertEquals(
        only(ClusterRole.class).getMetadata().getName(), clusterBinding.getRoleRef().getName());
    assertControllerOnly(clusterBinding.getSubjects());

    RoleBinding binding = only(RoleBinding.class);
    assertEquals(leaderElection.getMetadata().getName(), binding.getRoleRef().getName());
    assertControllerOnly(binding.getSubjects());
  }

  private static void assertControllerOnly(List<Subject> subjects) {
    assertEquals(1, subjects.size());
    Subject subject = subjects.get(0);
    assertEquals("ServiceAccount", subject.getKind());
    assertEquals(SERVICE_ACCOUNT, subject.getName());
    assertEquals(NAMESPACE, subject.getNamespace());
  }

  private static void assertHttpProbe(Probe probe, String path) {
    assertNotNull(probe, "probe on " + path);
    assertEquals(path, probe.getHttpGet().getPath());
    assertEquals(
        "management",
        probe.getHttpGet().getPort().getStrVal(),
        "probes go to the management interface, not the HTTP API's port");
  }

  private static boolean allows(
      List<PolicyRule> rules, String group, String resource, String verb) {
    return rules.stream()
        .anyMatch(
            r ->
                r.getApiGroups().contains(group)
                    && r.getResources().contains(resource)
                    && r.getVerbs().contains(verb));
  }

  private static Container controllerContainer(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    assertEquals(1, containers.size());
    return containers.get(0);
  }

  private static <T extends HasMetadata> T only(Class<T> type) {
    List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, found.size(), "exactly one " + type.getSimpleName() + " in deploy/");
    return found.get(0);
  }

  private static List<Path> manifestFiles() throws IOException {
    try (Stream<Path> files = Files.list(DEPLOY)) {
      return files
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
          .sorted()
          .collect(Collectors.toList());
    }
  }
}
