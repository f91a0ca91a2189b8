package dev.sluice.analysis;

import dev.sluice.api.v1beta1.HookType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The answers of the webhooks a tick called, by type. A type that was not called has no outcomes:
 * gates of that type count as open and rollback hooks as not asking for a rollback, so the state
 * machine must only read the types its {@link StepPlan} asked for.
 */
public record HookOutcomes(Map<HookType, List<Outcome>> byType) {

  /**
   * One hook's answer.
   *
   * @param name the hook's name in the manifest
   * @param passed the receiver answered with a success status
   * @param reason the receiver's answer, for people (secrets masked)
   * @param muteAlert the hook asks that its failures not reach chat
   */
  public record Outcome(String name, boolean passed, String reason, boolean muteAlert) {}

  public HookOutcomes {
    Map<HookType, List<Outcome>> copy = new EnumMap<>(HookType.class);
    byType.forEach((type, outcomes) -> copy.put(type, List.copyOf(outcomes)));
    byType = copy;
  }

  public static HookOutcomes none() {
    return new HookOutcomes(Map.of());
  }

  /** These outcomes plus those of another type. */
  public HookOutcomes with(HookType type, List<Outcome> outcomes) {
    Map<HookType, List<Outcome>> all = new EnumMap<>(HookType.class);
    all.putAll(byType);
    all.put(type, outcomes);
    return new HookOutcomes(all);
  }

  /** These outcomes plus those of other types. */
  public HookOutcomes plus(HookOutcomes more) {
    Map<HookType, List<Outcome>> all = new EnumMap<>(HookType.class);
    all.putAll(byType);
    all.putAll(more.byType);
    return new HookOutcomes(all);
  }

  public List<Outcome> of(HookType type) {
    return byType.getOrDefault(type, List.of());
  }

  /** The hooks of this type that did not pass. */
  public List<Outcome> failed(HookType type) {
    return of(type).stream().filter(o -> !o.passed()).toList();
  }

  /** Whether one hook of this type passed: what makes a rollback hook roll back. */
  public boolean anyPassed(HookType type) {
    return of(type).stream().anyMatch(Outcome::passed);
  }

  /** The answers of the hooks that did not pass (each names its hook), for messages. */
  public String failureReasons(HookType type) {
    return String.join("; ", failed(type).stream().map(Outcome::reason).toList());
  }

  /** Whether a failure of this type should reach chat: unless every failed hook mutes it. */
  public boolean alertOnFailure(HookType type) {
    return failed(type).stream().anyMatch(o -> !o.muteAlert());
  }
}
