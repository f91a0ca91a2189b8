package dev.sluice.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code sluice analyze --stdin}: canary runs as JSON lines in, one decision per interval out, for
 * simulators. Runs may interleave; each keeps its own state by its id.
 *
 * <pre>
 * in:  {"run": "r1", "analysis": {...}, "history": [{"requests": .., "errors": .., "slow": ..}, ...]}
 *      {"run": "r1", "interval": 1, "weight": 5,
 *       "canary": {"requests": 300, "errors": 2, "slow": 0}, "primary": {...}}
 * out: {"run": "r1", "interval": 1, "decision": "advance", "weight": 10, "reason": "..."}
 * </pre>
 *
 * A run's start line answers nothing unless it is refused. A line that cannot be read, or that a
 * run cannot take, answers {@code {"line": N, "run": .., "error": ".."}} and changes nothing.
 */
public final class AnalysisLines {
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, ReplayRun> runs = new HashMap<>();
  private final Set<String> ended = new HashSet<>();
  private long lineNumber;

  /** Reads every line of {@code in} and writes each answer to {@code out}, one line each. */
  public void run(BufferedReader in, PrintStream out) throws IOException {
    String line;
    while ((line = in.readLine()) != null) {
      accept(line).ifPresent(out::println);
    }
    out.flush();
  }

  /** The answer to the next line; empty for a run's accepted start and for a blank line. */
  public Optional<String> accept(String line) {
    lineNumber++;
    if (line.isBlank()) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = json.readTree(line);
    } catch (JsonProcessingException e) {
      return Optional.of(error(null, "not JSON: " + e.getOriginalMessage()));
    }
    if (node == null || !node.isObject()) {
      return Optional.of(error(null, "not a JSON object"));
    }
    JsonNode id = node.get("run");
    if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isEmpty()) {
      return Optional.of(error(null, "\"run\" is missing: each line names its run"));
    }
    String run = id.asText();
    try {
      if (node.has("analysis")) {
        start(run, node);
        return Optional.empty();
      }
      if (node.has("interval")) {
        return Optional.of(interval(run, node));
      }
      throw new IllegalArgumentException(
          "a line either starts a run (\"analysis\") or reports an interval (\"interval\")");
    } catch (IllegalArgumentException | IllegalStateException e) {
      return Optional.of(error(run, e.getMessage()));
    } catch (RuntimeException e) {
      // a defect, not bad input: still one answer, and the other runs go on
      return Optional.of(error(run, "cannot decide this line: " + e));
    }
  }

  private void start(String run, JsonNode node) {
    if (runs.containsKey(run) || ended.contains(run)) {
      throw new IllegalArgumentException("run " + run + " was started before: run ids are unique");
    }
    CanaryAnalysis analysis;
    try {
      JsonNode section = node.get("analysis");
      if (!section.isObject()) {
        throw new IllegalArgumentException("\"analysis\" must be a Canary's analysis section");
      }
      analysis = json.treeToValue(section, CanaryAnalysis.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("\"analysis\" cannot be read: " + e.getOriginalMessage());
    }
    List<WorkloadCounts> history = new ArrayList<>();
    JsonNode past = node.get("history");
    if (past != null && !past.isNull()) {
      if (!past.isArray()) {
        throw new IllegalArgumentException("\"history\" must be a list of the primary's counts");
      }
      for (int i = 0; i < past.size(); i++) {
        history.add(counts(past.get(i), "history[" + i + "]"));
      }
    }
    runs.put(run, ReplayRun.start(ReplayRun.canaryOf(run, analysis), history, ReplayRun.EPOCH));
  }

  private String interval(String run, JsonNode node) {
    ReplayRun replay = runs.get(run);
    if (replay == null) {
      throw new IllegalArgumentException(
          ended.contains(run)
              ? "run " + run + " has ended: no more intervals"
              : "run " + run + " was not started: its first line carries \"analysis\"");
    }
    long number = whole(node.get("interval"), "interval");
    if (number != replay.intervals() + 1) {
      throw new IllegalArgumentException(
          "interval "
              + number
              + " out of order: run "
              + run
              + " expects "
              + (replay.intervals() + 1));
    }
    JsonNode weight = node.get("weight");
    if (weight != null && !weight.isNull() && whole(weight, "weight") != replay.weight()) {
      throw new IllegalArgumentException(
          "interval "
              + number
              + " measured at weight "
              + weight.asText()
              + ", but run "
              + run
              + " is at weight "
              + replay.weight());
    }
    WorkloadCounts canary = counts(node.get("canary"), "canary");
    JsonNode primaryNode = node.get("primary");
    WorkloadCounts primary =
        primaryNode == null || primaryNode.isNull()
            ? WorkloadCounts.NONE
            : counts(primaryNode, "primary");
    ReplayRun.Step step = replay.interval(canary, primary);
    if (step.ends()) {
      runs.remove(run);
      ended.add(run);
    }
    ObjectNode out = json.createObjectNode();
    out.put("run", run);
    out.put("interval", number);
    out.put("decision", step.verdict().word());
    out.put("weight", step.weight());
    out.put("reason", step.reason());
    return out.toString();
  }

  private static WorkloadCounts counts(JsonNode node, String field) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          "\"" + field + "\" must be an object {\"requests\": N, \"errors\": N, \"slow\": N}");
    }
    if (node.get("requests") == null) {
      throw new IllegalArgumentException(field + ".requests is missing");
    }
    long requests = whole(node.get("requests"), field + ".requests");
    long errors = node.has("errors") ? whole(node.get("errors"), field + ".errors") : 0;
    long slow = node.has("slow") ? whole(node.get("slow"), field + ".slow") : 0;
    try {
      return new WorkloadCounts(requests, errors, slow);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }

  private static long whole(JsonNode value, String field) {
    if (value == null
        || !value.canConvertToExactIntegral()
        || !value.canConvertToLong()
        || value.asLong() < 0) {
      throw new IllegalArgumentException(field + " must be a whole number >= 0");
    }
    return value.asLong();
  }

  private String error(String run, String message) {
    ObjectNode out = json.createObjectNode();
    out.put("line", lineNumber);
    if (run != null) {
      out.put("run", run);
    }
    out.put("error", message);
    return out.toString();
  }
}
