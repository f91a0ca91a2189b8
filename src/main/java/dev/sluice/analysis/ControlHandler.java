package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryPhase;
import dev.sluice.api.v1beta1.ControlStatus;
import dev.sluice.api.v1beta1.HookType;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * People acting on a run, before the phase handlers: a request from the {@code sluice.dev/request}
 * annotation (handled once per run: its value lands in {@code status.control.lastRequest}, the
 * run's revision in {@code lastRequestRun}) and rollback hooks that ask to roll back. A request
 * that does not apply in the phase is recorded as ignored and changes nothing, so repeating one is
 * harmless.
 */
final class ControlHandler {
  /** Phases in which a run exists that people can act on. */
  static final Set<CanaryPhase> RUN =
      EnumSet.of(CanaryPhase.Waiting, CanaryPhase.Progressing, CanaryPhase.WaitingPromotion);

  private ControlHandler() {}

  /**
   * @return true when the request or a rollback hook decided the tick (promotion, rollback)
   */
  static boolean handle(Draft d) {
    ControlRequest request = d.seen.request();
    if (request != null && apply(d, request)) {
      return true;
    }
    if (RUN.contains(d.phase()) && d.seen.hooks().anyPassed(HookType.ROLLBACK)) {
      String names =
          String.join(
              ", ",
              d.seen.hooks().of(HookType.ROLLBACK).stream()
                  .filter(HookOutcomes.Outcome::passed)
                  .map(HookOutcomes.Outcome::name)
                  .toList());
      ProgressHandler.rollback(
          d, "Rolling back " + d.target() + " manual webhook invoked: " + names);
      d.act(new Action.CloseRollbackGate());
      return true;
    }
    return false;
  }

  /** Handles the pending request alone; true when it decided the tick. */
  static boolean handleRequest(Draft d) {
    ControlRequest request = d.seen.request();
    return request != null && apply(d, request);
  }

  private static boolean apply(Draft d, ControlRequest request) {
    if (request.action() == null) {
      ignore(
          d,
          request,
          "unknown request '" + request.value() + "'; valid: " + ControlRequest.Action.valid());
      return false;
    }
    boolean running = RUN.contains(d.phase());
    switch (request.action()) {
      case PROMOTE -> {
        if (!running) {
          ignore(d, request, notApplicable(d, "no run is waiting to be promoted"));
          return false;
        }
        if (!Objects.equals(d.seen.targetRevision(), d.status.getLastAppliedSpec())) {
          refuseUnanalysed(d, request);
          return false;
        }
        applied(d, request, "PromotionRequested", "Promotion of " + d.target() + " requested");
        d.endRun();
        PromotionHandler.start(d);
        return true;
      }
      case ABORT -> {
        if (!running) {
          ignore(d, request, notApplicable(d, "no run to abort"));
          return false;
        }
        applied(d, request, "AbortRequested", "Abort of " + d.target() + " requested");
        ProgressHandler.rollback(d, "Aborted by request " + request.value());
        return true;
      }
      case PAUSE -> {
        if (!running || d.paused()) {
          ignore(d, request, d.paused() ? "the run is paused already" : notApplicable(d, "no run"));
          return false;
        }
        d.control().setPaused(true);
        applied(d, request, "Paused", "Run of " + d.target() + " paused at its current step");
      }
      case RESUME -> {
        if (!d.paused()) {
          ignore(d, request, "the run is not paused");
          return false;
        }
        d.control().setPaused(null);
        applied(d, request, "Resumed", "Run of " + d.target() + " resumed");
      }
      case SKIP -> {
        if (!running || d.skippingAnalysis()) {
          ignore(
              d,
              request,
              d.skippingAnalysis()
                  ? "the analysis of this run is skipped already"
                  : notApplicable(d, "no run"));
          return false;
        }
        d.control().setSkipAnalysis(true);
        applied(
            d,
            request,
            "AnalysisSkipped",
            "Analysis of "
                + d.target()
                + " skipped by request: steps and gates go on, no check is judged");
      }
    }
    return false;
  }

  /**
   * The target changed since the run's revision was analysed: a promotion copies the target as it
   * is now, so promoting would ship a revision no check has seen. The request is refused, and the
   * phase handlers restart the run for the new revision, which a new promote may then promote.
   */
  private static void refuseUnanalysed(Draft d, ControlRequest request) {
    String why =
        d.target()
            + " changed since revision "
            + d.status.getLastAppliedSpec()
            + " was analysed (now "
            + d.seen.targetRevision()
            + "): a promote applies to the analysed revision only; the new revision gets a run of"
            + " its own, promote again to skip it";
    record(d, request, "Ignored", why);
    d.event(
        EventNote.warning("PromotionRefused", "Request " + request.value() + " refused: " + why)
            .alert(Severity.WARN));
  }

  private static String notApplicable(Draft d, String why) {
    return why + " (phase " + d.phase() + ")";
  }

  private static void applied(Draft d, ControlRequest request, String reason, String message) {
    record(d, request, "Applied", message);
    d.event(EventNote.normal(reason, message + " (" + request.value() + ")").alert(Severity.INFO));
  }

  private static void ignore(Draft d, ControlRequest request, String why) {
    record(d, request, "Ignored", why);
    d.normal("RequestIgnored", "Request " + request.value() + " ignored: " + why);
  }

  private static void record(Draft d, ControlRequest request, String outcome, String message) {
    ControlStatus control = d.control();
    control.setLastRequest(request.value());
    control.setLastRequestRun(d.status.getLastAppliedSpec());
    control.setLastRequestTime(d.now.toString());
    control.setLastRequestOutcome(outcome);
    control.setLastRequestMessage(message);
  }
}
