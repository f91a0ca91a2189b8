package dev.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.ControlRequest;
import dev.sluice.analysis.PhaseStatuses;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.kube.StatusWriter;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Argo CD's view of a Canary: {@code deploy/argocd}'s Lua health check and resource actions, run by
 * a real Lua 5.1 interpreter (Argo CD's gopher-lua implements 5.1) against the statuses the state
 * machine records in every phase. Needs {@code lua5.1} (Debian's; {@code .ci/run} installs it).
 */
class ArgoCdLuaTest {
  static final Path ARGOCD = Path.of("deploy", "argocd");
  static final List<String> ACTIONS = List.of("promote", "abort", "pause", "resume");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String lua;

  @BeforeAll
  static void findLua() {
    for (String candidate : List.of("lua5.1", "lua")) {
      for (String dir : System.getenv("PATH").split(":")) {
        if (Files.isExecutable(Path.of(dir, candidate))) {
          lua = Path.of(dir, candidate).toString();
          return;
        }
      }
    }
    throw new IllegalStateException(
        "these tests run Argo CD's Lua with a real interpreter: install Debian's lua5.1"
            + " (apt-get install lua5.1; .ci/run does)");
  }

  @Test
  void eachRecordedStateHasTheHealthArgoCdShouldShow() throws Exception {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("Initializing", "Progressing");
    expected.put("Initialized", "Healthy");
    expected.put("Progressing at 0", "Progressing");
    expected.put("Progressing at 10", "Progressing");
    expected.put("Promoting", "Progressing");
    expected.put("Finalising", "Progressing");
    expected.put("Succeeded", "Healthy");
    expected.put("Waiting", "Suspended");
    expected.put("WaitingPromotion", "Suspended");
    expected.put("Failed", "Degraded");
    expected.put("Paused", "Suspended");
    expected.put("Invalid", "Degraded");
    Map<String, Canary> states = recorded();
    assertEquals(expected.keySet(), states.keySet());
    for (var state : states.entrySet()) {
      List<String> health = health(state.getValue());
      assertEquals(expected.get(state.getKey()), health.get(0), state.getKey() + ": " + health);
    }
    assertEquals(
        List.of("Progressing", "Progressing --- Canary Weight: 10 % --- Rollout in progress."),
        health(states.get("Progressing at 10")));
    assertEquals(
        List.of("Degraded", " --- InvalidSpec: provider traefik-v9 is not supported"),
        health(states.get("Invalid")));
  }

  @Test
  void aCanaryNotYetSeenOrWithASpecNotYetActedOnIsProgressing() throws Exception {
    Canary fresh = recorded().get("Succeeded");
    fresh.setStatus(null);
    assertEquals("Progressing", health(fresh).get(0));
    Canary edited = recorded().get("Succeeded");
    edited.getMetadata().setGeneration(edited.getStatus().getObservedGeneration() + 1);
    assertEquals(
        List.of("Progressing", "Spec generation 2 not acted on yet (last: 1)"), health(edited));
  }

  @Test
  void theStatusArgoCdsBuiltInFlaggerCheckReadsIsThereInEveryPhase() {
    // Argo CD's own check compares status.canaryWeight with 0 and walks status.conditions; its
    // Lua fails on either one missing (CanaryLifecycleIT checks a status as written, too)
    for (var state : recorded().entrySet()) {
      assertNotNull(state.getValue().getStatus().getConditions(), state.getKey());
      assertNotNull(state.getValue().getStatus().getCanaryWeight(), state.getKey());
    }
  }

  @Test
  void actionsAreOfferedOnlyWhereSluiceHandlesThem() throws Exception {
    Map<String, Canary> states = recorded();
    assertEquals(
        Map.of("promote", true, "abort", true, "pause", true, "resume", true),
        disabled(states.get("Succeeded")));
    assertEquals(
        Map.of("promote", false, "abort", false, "pause", false, "resume", true),
        disabled(states.get("Progressing at 10")));
    assertEquals(
        Map.of("promote", false, "abort", false, "pause", true, "resume", false),
        disabled(states.get("Paused")));
    assertEquals(
        Map.of("promote", false, "abort", false, "pause", false, "resume", true),
        disabled(states.get("WaitingPromotion")));
    assertEquals(
        Map.of("promote", true, "abort", true, "pause", true, "resume", true),
        disabled(states.get("Failed")));
  }

  @Test
  void eachActionWritesARequestSluiceReadsAsThatActionAndANewOneEachTime() throws Exception {
    Canary running = recorded().get("Progressing at 10");
    for (String action : ACTIONS) {
      JsonNode first = act(running, action);
      JsonNode second = act(running, action);
      String value = first.path("metadata").path("annotations").path("sluice.dev/request").asText();
      ControlRequest request = ControlRequest.parse(value).orElseThrow();
      assertEquals(action, request.action().wireName(), value);
      assertTrue(value.startsWith(action + "/argocd-"), value);
      String again =
          second.path("metadata").path("annotations").path("sluice.dev/request").asText();
      assertTrue(!value.equals(again), "two requests in one second: " + value);
      assertEquals("podinfo", first.path("metadata").path("name").asText());
      // through text, so that a long and an int of the same value compare equal
      assertEquals(
          JSON.readTree(JSON.writeValueAsString(running.getStatus())),
          first.path("status"),
          "status left as it was");
    }
  }

  @Test
  void argoCdsConfigMapCarriesTheLuaFilesAsTheyAre() throws IOException {
    String generated = ArgoCdConfigMap.render(ARGOCD);
    Path committed = ARGOCD.resolve("argocd-cm.yaml");
    if (Boolean.getBoolean("argocd.update")) {
      Files.writeString(committed, generated);
    }
    assertEquals(
        generated,
        Files.readString(committed),
        "deploy/argocd/argocd-cm.yaml is out of date with the Lua beside it: run ./mvnw test"
            + " -Dtest=ArgoCdLuaTest -Dargocd.update=true");
    ConfigMap cm = Serialization.unmarshal(generated, ConfigMap.class);
    assertEquals(
        Files.readString(ARGOCD.resolve("health.lua")),
        cm.getData().get("resource.customizations.health.flagger.app_Canary"));
  }

  /** The recorded statuses as Sluice writes them. */
  private static Map<String, Canary> recorded() {
    Map<String, Canary> states = PhaseStatuses.recorded();
    states.values().forEach(c -> c.setStatus(StatusWriter.asWritten(c.getStatus())));
    return states;
  }

  private List<String> health(Canary canary) throws Exception {
    String out =
        run(
            "obj = "
                + toLua(JSON.valueToTree(canary))
                + "\nlocal hs = dofile('"
                + ARGOCD.resolve("health.lua")
                + "')\nio.write(hs.status, '\\n', hs.message or '')\n");
    String[] lines = out.split("\n", 2);
    return List.of(lines[0], lines.length > 1 ? lines[1] : "");
  }

  private Map<String, Boolean> disabled(Canary canary) throws Exception {
    String out =
        run(
            "obj = "
                + toLua(JSON.valueToTree(canary))
                + "\nlocal actions = dofile('"
                + ARGOCD.resolve("actions/discovery.lua")
                + "')\nfor name, a in pairs(actions) do print(name .. '=' .."
                + " tostring(a.disabled)) end\n");
    Map<String, Boolean> disabled = new LinkedHashMap<>();
    for (String line : out.strip().split("\n")) {
      String[] kv = line.split("=", 2);
      disabled.put(kv[0], Boolean.parseBoolean(kv[1]));
    }
    return disabled;
  }

  private JsonNode act(Canary canary, String action) throws Exception {
    String out =
        run(
            "math.randomseed(os.time() + os.clock() * 1000000)\nobj = "
                + toLua(JSON.valueToTree(canary))
                + "\nobj = dofile('"
                + ARGOCD.resolve("actions/" + action + "/action.lua")
                + "')\n"
                + Files.readString(Path.of("src/test/resources/argocd/encode.lua"))
                + "\nio.write(encode(obj))\n");
    return JSON.readTree(out);
  }

  /** A Lua table constructor for a JSON value (objects as string-keyed tables, arrays 1-based). */
  static String toLua(JsonNode node) {
    if (node.isObject()) {
      List<String> fields = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> field = it.next();
        fields.add("[" + luaString(field.getKey()) + "] = " + toLua(field.getValue()));
      }
      return "{" + String.join(", ", fields) + "}";
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      node.forEach(item -> items.add(toLua(item)));
      return "{" + String.join(", ", items) + "}";
    }
    if (node.isNull()) {
      return "nil";
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    return luaString(node.asText());
  }

  private static String luaString(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c == '"' || c == '\\') {
        out.append('\\').append((char) c);
      } else if (c < 0x20 || c >= 0x7f) {
        out.append('\\').append(c);
      } else {
        out.append((char) c);
      }
    }
    return out.append('"').toString();
  }

  private static String run(String script) throws Exception {
    Path file = Files.createTempFile("argocd-", ".lua");
    try {
      Files.writeString(file, script);
      Process process = new ProcessBuilder(lua, file.toString()).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "lua did not finish");
      assertEquals(0, process.exitValue(), "lua failed: " + out);
      return out;
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
