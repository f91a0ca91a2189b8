package dev.sluice.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code deploy/argocd/argocd-cm.yaml} from the Lua files beside it: Argo CD reads its
 * resource customizations from keys of its {@code argocd-cm} ConfigMap, the actions' as a YAML
 * document of their own, so the Lua is kept in files (readable, run by the tests) and copied in.
 */
final class ArgoCdConfigMap {
  private ArgoCdConfigMap() {}

  static String render(Path argocd) throws IOException {
    List<String> out = new ArrayList<>();
    out.add(
        "# Argo CD resource customizations for flagger.app/v1beta1 Canary: Sluice's health check and the");
    out.add(
        "# promote, abort, pause and resume actions. Merge into argocd-cm (kubectl patch or a kustomize");
    out.add(
        "# patch of Argo CD's install). Generated from health.lua and actions/ beside it: edit those, then");
    out.add("# run ./mvnw test -Dtest=ArgoCdLuaTest -Dargocd.update=true.");
    out.add("apiVersion: v1");
    out.add("kind: ConfigMap");
    out.add("metadata:");
    out.add("  name: argocd-cm");
    out.add("  labels:");
    out.add("    app.kubernetes.io/part-of: argocd");
    out.add("data:");
    out.add("  resource.customizations.health.flagger.app_Canary: |");
    out.add(indent(Files.readString(argocd.resolve("health.lua")), 4));
    out.add("  resource.customizations.actions.flagger.app_Canary: |");
    out.add("    discovery.lua: |");
    out.add(indent(Files.readString(argocd.resolve("actions/discovery.lua")), 6));
    out.add("    definitions:");
    for (String action : ArgoCdLuaTest.ACTIONS) {
      out.add("    - name: " + action);
      out.add("      action.lua: |");
      out.add(indent(Files.readString(argocd.resolve("actions/" + action + "/action.lua")), 8));
    }
    return String.join("\n", out) + "\n";
  }

  private static String indent(String text, int spaces) {
    String pad = " ".repeat(spaces);
    List<String> lines = new ArrayList<>();
    for (String line : text.stripTrailing().split("\n", -1)) {
      lines.add(line.isEmpty() ? "" : pad + line);
    }
    return String.join("\n", lines);
  }
}
