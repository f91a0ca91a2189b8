package dev.sluice.analysis;

import dev.sluice.api.v1beta1.CanaryStatus;
import java.util.List;

/** The outcome of one tick: the next status, the changes to make, and the events to record. */
public record Decision(CanaryStatus status, List<Action> actions, List<EventNote> events) {}
