package dev.sluice.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** A {@link PastReplay.Report} for people (a table) and for tools (one JSON document). */
final class ReplayReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReplayReport() {}

  static String table(PastReplay.Report report) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Canary %s from %s to %s, interval %ds; primary history: %s%n",
            report.canary(),
            report.from(),
            report.to(),
            report.interval().toSeconds(),
            history(report)));
    report.notes().forEach(note -> out.append("note: ").append(note).append('\n'));
    out.append(
        String.format(
            Locale.ROOT,
            "%n%4s  %-20s  %16s  %16s  %-16s  %-16s%n",
            "#",
            "interval end",
            "canary req/err",
            "primary req/err",
            "Sluice judge",
            "Flagger's rule"));
    for (PastReplay.Interval row : report.intervals()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%4d  %-20s  %16s  %16s  %-16s  %-16s%n",
              row.number(),
              row.end(),
              row.canary().requests() + "/" + row.canary().errors(),
              row.primary().requests() + "/" + row.primary().errors(),
              cell(row.judge()),
              cell(row.flagger())));
    }
    out.append('\n');
    out.append(stop("Sluice judge", report.judge()));
    out.append(stop("Flagger's rule", report.flagger()));
    return out.toString();
  }

  static String json(PastReplay.Report report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("canary", report.canary());
    root.put("from", report.from().toString());
    root.put("to", report.to().toString());
    root.put("intervalSeconds", report.interval().toSeconds());
    ObjectNode history = root.putObject("history");
    history.put("intervals", report.history().size());
    history.put("requests", report.history().stream().mapToLong(WorkloadCounts::requests).sum());
    history.put("errors", report.history().stream().mapToLong(WorkloadCounts::errors).sum());
    ArrayNode notes = root.putArray("notes");
    report.notes().forEach(notes::add);
    ArrayNode rows = root.putArray("intervals");
    for (PastReplay.Interval row : report.intervals()) {
      ObjectNode node = rows.addObject();
      node.put("interval", row.number());
      node.put("end", row.end().toString());
      counts(node.putObject("canary"), row.canary());
      counts(node.putObject("primary"), row.primary());
      step(node, "judge", row.judge());
      step(node, "flagger", row.flagger());
    }
    stop(root.putObject("judge"), report.judge());
    stop(root.putObject("flagger"), report.flagger());
    return root.toString();
  }

  private static String history(PastReplay.Report report) {
    long requests = report.history().stream().mapToLong(WorkloadCounts::requests).sum();
    long errors = report.history().stream().mapToLong(WorkloadCounts::errors).sum();
    return report.history().isEmpty()
        ? "none read"
        : String.format(
            Locale.ROOT,
            "%d intervals, %d requests, %d errors",
            report.history().size(),
            requests,
            errors);
  }

  private static String cell(ReplayRun.Step step) {
    return step == null ? "" : step.verdict().word() + " -> " + step.weight();
  }

  private static String stop(String rule, PastReplay.Stop stop) {
    if (stop.interval() == null) {
      return String.format(
          Locale.ROOT, "%s: no decision by the end of the data (weight %d)%n", rule, stop.weight());
    }
    return String.format(
        Locale.ROOT,
        "%s: %s at interval %d (%s): %s%n",
        rule,
        stop.decision(),
        stop.interval(),
        stop.at(),
        stop.reason());
  }

  private static void counts(ObjectNode node, WorkloadCounts counts) {
    node.put("requests", counts.requests());
    node.put("errors", counts.errors());
    node.put("slow", counts.slow());
  }

  private static void step(ObjectNode row, String field, ReplayRun.Step step) {
    if (step == null) {
      return;
    }
    ObjectNode node = row.putObject(field);
    node.put("decision", step.verdict().word());
    node.put("weight", step.weight());
    node.put("reason", step.reason());
    if (!step.evidence().isEmpty()) {
      ObjectNode evidence = node.putObject("evidence");
      step.evidence().forEach(evidence::put);
    }
  }

  private static void stop(ObjectNode node, PastReplay.Stop stop) {
    if (stop.interval() == null) {
      node.putNull("stoppedAt");
    } else {
      node.put("stoppedAt", stop.interval());
      node.put("time", stop.at().toString());
    }
    node.put("decision", stop.decision());
    node.put("weight", stop.weight());
    node.put("reason", stop.reason());
  }
}
