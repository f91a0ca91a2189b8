package dev.sluice.api.v1beta1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Sluice only ({@code status.judge}): the judge's evidence in the current run, per signal. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JudgeStatus {

  @JsonPropertyDescription("Sluice only: the evidence of each signal so far in this run.")
  private List<JudgeSignalStatus> signals;

  public List<JudgeSignalStatus> getSignals() {
    return signals;
  }

  public void setSignals(List<JudgeSignalStatus> signals) {
    this.signals = signals;
  }
}
