package dev.sluice.render;

import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.Manifests;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.SpecDefaults;
import dev.sluice.controller.CanaryValidator;
import dev.sluice.router.MeshProvider;
import dev.sluice.router.MeshProviders;
import dev.sluice.traffic.Routes;
import dev.sluice.workload.CanaryServices;
import dev.sluice.workload.LabelPolicy;
import dev.sluice.workload.SelectorLabel;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sluice render -f CANARY.yaml [--weight N]}: prints, as YAML documents, the Services and
 * routing objects Sluice would write for the canary with N% of traffic on the canary, without a
 * cluster, so they can be reviewed in CI. The file may also hold the target Deployment (for its
 * selector label and ports) and objects the canary refers to (an {@code ingressRef}'s Ingress).
 */
@ApplicationScoped
public class RenderCommand {
  static final String USAGE =
      """
      usage: sluice render -f CANARY.yaml [--weight N]
        -f FILE      the Canary (and optionally its target Deployment and referenced objects);
                     - reads standard input
        --weight N   percent of traffic on the canary, 0..100 (default 0)
      """;

  private final KubernetesSerialization yaml = new KubernetesSerialization();

  @Inject MeshProviders meshes;
  @Inject SluiceConfig config;

  /** Renders; 0 on success, 2 for bad arguments or an invalid canary (reasons on {@code err}). */
  public int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
    String file = null;
    int weight = 0;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if ((arg.equals("-f") || arg.equals("--file")) && i + 1 < args.size()) {
        file = args.get(++i);
      } else if (arg.equals("--weight") && i + 1 < args.size()) {
        try {
          weight = Integer.parseInt(args.get(++i));
        } catch (NumberFormatException e) {
          weight = -1;
        }
      } else {
        err.print("render: unexpected argument " + arg + "\n" + USAGE);
        return 2;
      }
    }
    if (file == null || weight < 0 || weight > 100) {
      err.print(
          (file == null ? "render: -f is required\n" : "render: --weight must be 0..100\n")
              + USAGE);
      return 2;
    }
    List<HasMetadata> documents;
    try (InputStream in = file.equals("-") ? stdin : Files.newInputStream(Path.of(file))) {
      documents =
          Manifests.read(
              yaml, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      err.println("render: cannot read " + file + ": " + e.getMessage());
      return 2;
    }
    try {
      render(documents, weight).forEach(object -> out.print(asYaml(object)));
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("render: " + e.getMessage());
      return 2;
    }
  }

  /** The objects for the one Canary among {@code documents} at {@code weight}. */
  List<HasMetadata> render(List<HasMetadata> documents, int weight) {
    List<Canary> canaries =
        documents.stream().filter(Canary.class::isInstance).map(Canary.class::cast).toList();
    if (canaries.size() != 1) {
      throw new IllegalArgumentException(
          "the file must hold exactly one Canary, it holds " + canaries.size());
    }
    Canary canary = canaries.get(0);
    if (canary.getMetadata().getNamespace() == null) {
      canary.getMetadata().setNamespace("default");
    }
    List<String> problems = CanaryValidator.problems(canary, config, meshes);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid canary: " + String.join("; ", problems));
    }
    Map<String, HasMetadata> given = new LinkedHashMap<>();
    documents.forEach(d -> given.put(d.getKind() + "/" + d.getMetadata().getName(), d));
    String provider = SpecDefaults.provider(canary.getSpec(), config);
    MeshProvider mesh = meshes.find(provider).orElseThrow();
    Routes routes = Routes.weighted(weight);

    String target = canary.getSpec().getTargetRef().getName();
    Deployment deployment = given.get("Deployment/" + target) instanceof Deployment d ? d : null;
    SelectorLabel label = label(deployment, target);
    PodSpec podSpec = deployment == null ? null : deployment.getSpec().getTemplate().getSpec();
    CanaryServices.ServiceSet services = CanaryServices.desired(canary, label, podSpec);
    Service apex = services.apex();
    if (mesh.capabilities().ownsApexSelector() && weight == 100) {
      // a router that owns the apex selector routes by it: all on the canary means its pods
      apex =
          new ServiceBuilder(apex)
              .editSpec()
              .withSelector(Map.of(label.key(), label.value()))
              .endSpec()
              .build();
    }
    List<HasMetadata> objects =
        new ArrayList<>(List.of(apex, services.primary(), services.canary()));
    objects.addAll(mesh.router(provider).render(canary, routes, given));
    // owner references need the Canary's uid, which only an API server assigns
    objects.forEach(o -> o.getMetadata().setOwnerReferences(null));
    return objects;
  }

  private SelectorLabel label(Deployment deployment, String target) {
    if (deployment == null) {
      // without the Deployment, Flagger's first selector label with the target's name
      return new SelectorLabel(config.selectorLabels().get(0), target);
    }
    SelectorLabel.Lookup lookup =
        SelectorLabel.find(deployment, new LabelPolicy(config.selectorLabels(), List.of()));
    if (lookup instanceof SelectorLabel.Invalid invalid) {
      throw new IllegalArgumentException(invalid.reason());
    }
    return ((SelectorLabel.Found) lookup).label();
  }

  private String asYaml(HasMetadata object) {
    String text = yaml.asYaml(object);
    return text.startsWith("---") ? text : "---\n" + text;
  }
}
