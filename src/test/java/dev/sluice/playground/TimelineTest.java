package dev.sluice.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.api.v1beta1.CanaryStatus;
import dev.sluice.api.v1beta1.JudgeSignalStatus;
import dev.sluice.api.v1beta1.JudgeStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timeline's judge column: each signal's evidence against its bound, verdict and counts. */
class TimelineTest {

  @Test
  void theJudgesEvidencePerSignalReadsAtAGlance() {
    JudgeSignalStatus errors = new JudgeSignalStatus();
    errors.setName("errors");
    errors.setEvidence(14.25);
    errors.setBound(100.0);
    errors.setVerdict("Pass");
    errors.setCanaryRequests(312L);
    errors.setCanaryBad(9L);
    errors.setPrimaryRequests(2950L);
    errors.setPrimaryBad(3L);
    JudgeStatus judge = new JudgeStatus();
    judge.setSignals(List.of(errors));
    CanaryStatus status = new CanaryStatus();
    status.setJudge(judge);

    assertEquals("errors 9/312 vs 3/2950 evidence 14.3 of 100 Pass", Timeline.judge(status));
    assertEquals("", Timeline.judge(new CanaryStatus()));
  }
}
