package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one tick: the next status, the changes to make, and the events to record.
 *
 * <p>The changes come in two lists so that a decision which changes what production serves can be
 * recorded before it is carried out ("decide, record, then do"): {@code beforeRecord} may run
 * before the status is written (a lost one is repeated by the next tick), {@code afterRecord}
 * carries out a promotion or a rollback and must only run once the status that records it is
 * written.
 *
 * @param beforeRecord changes that may run before the status is written
 * @param afterRecord changes that carry out a promotion or rollback this decision records
 */
public record Decision(
    CanaryStatus status,
    List<Action> beforeRecord,
    List<Action> afterRecord,
    List<EventNote> events) {

  public Decision {
    beforeRecord = List.copyOf(beforeRecord);
    afterRecord = List.copyOf(afterRecord);
    events = List.copyOf(events);
  }

  /** A decision that changes nothing in production. */
  public Decision(CanaryStatus status, List<Action> actions, List<EventNote> events) {
    this(status, actions, List.of(), events);
  }

  /** Every change, in the order the decision asked for them. */
  public List<Action> actions() {
    List<Action> all = new ArrayList<>(beforeRecord);
    all.addAll(afterRecord);
    return List.copyOf(all);
  }
}
