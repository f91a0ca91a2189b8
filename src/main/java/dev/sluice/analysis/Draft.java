package dev.sluice.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1beta1.AnalysisStatus;
import dev.sluice.api.v1beta1.Canary;
import dev.sluice.api.v1beta1.CanaryAnalysis;
import dev.sluice.api.v1beta1.CanaryCondition;
import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.CanarySpec;
import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.ControlStatus;
import dev.sluice.traffic.StickySession;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The decision of one tick while handlers build it: a copy of the status to change, and the actions
 * and events asked for. Handlers never touch the Canary itself.
 */
final class Draft {
  private static final ObjectMapper COPIER = new ObjectMapper();

  final Canary canary;
  final CanarySpec spec;
  final CanaryAnalysis analysis;
  final CanaryStatus before;
  final CanaryStatus status;
  Observations seen;
  final Instant now;
  final Duration progressDeadline;
  private final List<Action> beforeRecord = new ArrayList<>();
  private final List<Action> afterRecord = new ArrayList<>();
  private boolean changesProduction;
  private final List<EventNote> events = new ArrayList<>();
  private String waitingFor;

  Draft(Canary canary, Observations seen, Instant now, Duration progressDeadline) {
    this.canary = canary;
    this.spec = canary.getSpec();
    this.analysis = spec.getAnalysis();
    this.before = canary.getStatus() == null ? new CanaryStatus() : canary.getStatus();
    this.status = COPIER.convertValue(before, CanaryStatus.class);
    this.seen = seen;
    this.now = now;
    this.progressDeadline = progressDeadline;
  }

  /** Flagger's way of naming a workload in messages: {@code podinfo.test}. */
  String target() {
    return spec.getTargetRef().getName() + "." + canary.getMetadata().getNamespace();
  }

  String primary() {
    return spec.getTargetRef().getName() + "-primary." + canary.getMetadata().getNamespace();
  }

  CanaryPhase phase() {
    return status.getPhase();
  }

  int weight() {
    return status.getCanaryWeight() == null ? 0 : status.getCanaryWeight();
  }

  int iterations() {
    return status.getIterations() == null ? 0 : status.getIterations();
  }

  int failedChecks() {
    return status.getFailedChecks() == null ? 0 : status.getFailedChecks();
  }

  /** The answers of the calls the tick's plan made, which the decision reads. */
  void answered(HookOutcomes hooks, Checks checks) {
    seen = seen.withChecks(checks).withHooks(hooks);
  }

  void act(Action action) {
    (changesProduction ? afterRecord : beforeRecord).add(action);
  }

  /**
   * From here on the decision changes what production serves (a promotion, a rollback): the actions
   * asked for after this carry it out, and must follow the status that records it.
   */
  void changeProduction() {
    changesProduction = true;
  }

  void normal(String reason, String message) {
    events.add(EventNote.normal(reason, message));
  }

  void warning(String reason, String message) {
    events.add(EventNote.warning(reason, message));
  }

  /** An event that may also go to chat (see {@link EventNote#alert}). */
  void event(EventNote note) {
    events.add(note);
  }

  /**
   * The run holds at a closed gate: a warning (sent to chat at warn unless every closed hook mutes
   * it) when the message is new, the message in the Ready condition for as long as it holds.
   */
  void holdAtGate(String message, boolean alert) {
    waitingFor = message;
    CanaryCondition ready = Conditions.find(before.getConditions(), Conditions.READY);
    if (ready == null || !message.equals(ready.getMessage())) {
      EventNote note = EventNote.warning("WaitingForApproval", message);
      events.add(alert ? note.alert(Severity.WARN) : note);
    }
  }

  /**
   * Puts why the run stands where it stands into the Ready condition (a failed check with the
   * receiver's answer, the reason of a rollback), without the event a wait records.
   */
  void explain(String message) {
    waitingFor = message;
  }

  /**
   * Keeps the Ready condition's message of a tick that took no step, so that the wait it reported
   * is not reported again as new on the next tick.
   */
  void keepWaitingMessage() {
    CanaryCondition ready = Conditions.find(before.getConditions(), Conditions.READY);
    if (waitingFor == null && ready != null && before.getPhase() == status.getPhase()) {
      waitingFor = ready.getMessage();
    }
  }

  /** What people asked of this run; created on first use. */
  ControlStatus control() {
    if (status.getControl() == null) {
      status.setControl(new ControlStatus());
    }
    return status.getControl();
  }

  boolean paused() {
    return status.getControl() != null && Boolean.TRUE.equals(status.getControl().getPaused());
  }

  /** Whether a person asked to skip the analysis of this run. */
  boolean skippingAnalysis() {
    return status.getControl() != null
        && Boolean.TRUE.equals(status.getControl().getSkipAnalysis());
  }

  /** A run ended (promoted or rolled back): what people asked of it no longer applies. */
  void endRun() {
    if (status.getControl() != null) {
      status.getControl().setPaused(null);
      status.getControl().setSkipAnalysis(null);
    }
  }

  /**
   * The run holds at this step. The message lands in the Ready condition; the event is recorded
   * only when the message is new, so a canary that waits for an hour makes one event, not sixty.
   */
  void waitFor(String message) {
    waitingFor = message;
    CanaryCondition ready = Conditions.find(before.getConditions(), Conditions.READY);
    if (ready == null || !message.equals(ready.getMessage())) {
      normal("Waiting", message);
    }
  }

  /** Puts this step's metric verdicts in {@code status.analysis}, when metrics were checked. */
  void recordMetrics() {
    if (seen.checks().verdicts().isEmpty()) {
      return;
    }
    AnalysisStatus analysisStatus = new AnalysisStatus();
    analysisStatus.setMetrics(seen.checks().verdicts().stream().map(v -> v.toStatus(now)).toList());
    status.setAnalysis(analysisStatus);
  }

  /** How long the status has said the same thing: the measure of the progress deadline. */
  Duration sinceLastTransition() {
    if (status.getLastTransitionTime() == null) {
      return Duration.ZERO;
    }
    return Duration.between(Instant.parse(status.getLastTransitionTime()), now);
  }

  /**
   * Starts a run (or restarts one) from weight 0 for the target's current revision. The run's
   * session cookie is recorded here, once, so that the routers read the same one on every tick.
   */
  void resetRun() {
    status.setCanaryWeight(0);
    status.setIterations(0);
    status.setFailedChecks(0);
    // the judge's evidence is of the run it was gathered in
    status.setJudge(null);
    status.setLastAppliedSpec(seen.targetRevision());
    status.setTrackedConfigs(seen.trackedConfigs());
    StickySession.startRun(canary, before, status, now);
    if (status.getControl() != null) {
      // a skip was asked of the run it was made in, not of the revision that replaced it
      status.getControl().setSkipAnalysis(null);
      // so was every request: the same value written in the new run is a new request; one this
      // tick handled counts as handled in the run it starts, so a left-over is not handled again
      status
          .getControl()
          .setLastRequestRun(seen.request() != null ? status.getLastAppliedSpec() : null);
    }
  }

  Decision build() {
    if (progressed()) {
      status.setLastTransitionTime(now.toString());
    }
    Long generation = canary.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    if (waitingFor == null
        && status.getPhase() == CanaryPhase.Failed
        && before.getPhase() == CanaryPhase.Failed) {
      // a failed run keeps saying why it failed until the next run
      CanaryCondition ready = Conditions.find(before.getConditions(), Conditions.READY);
      waitingFor = ready == null ? null : ready.getMessage();
    }
    StatusConditions.apply(status, waitingFor, now.toString(), generation);
    return new Decision(status, beforeRecord, afterRecord, events);
  }

  private boolean pausedBefore() {
    return before.getControl() != null && Boolean.TRUE.equals(before.getControl().getPaused());
  }

  /** Flagger's meaning of lastTransitionTime: the last time the run moved. */
  private boolean progressed() {
    return before.getPhase() != status.getPhase()
        || !Objects.equals(before.getCanaryWeight(), status.getCanaryWeight())
        || !Objects.equals(before.getIterations(), status.getIterations())
        || !Objects.equals(before.getFailedChecks(), status.getFailedChecks())
        || !Objects.equals(before.getLastAppliedSpec(), status.getLastAppliedSpec())
        || pausedBefore() != paused();
  }
}
