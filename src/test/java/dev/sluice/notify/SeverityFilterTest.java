package dev.sluice.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sluice.analysis.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeverityFilterTest {

  @ParameterizedTest(name = "{0} message to an alert with severity ''{1}'' sent: {2}")
  @CsvSource({
    "INFO, '', true",
    "WARN, '', true",
    "ERROR, '', true",
    "INFO, info, true",
    "WARN, info, true",
    "ERROR, info, true",
    "INFO, warn, false",
    "WARN, warn, true",
    "ERROR, warn, true",
    "INFO, error, false",
    "WARN, error, false",
    "ERROR, error, true",
    "ERROR, ERROR, true",
    "ERROR, critical, false",
  })
  void sendsWhenTheMessageIsAtLeastAsSevereAsTheAlert(
      Severity message, String alertSeverity, boolean sent) {
    assertEquals(sent, SeverityFilter.shouldSend(message, alertSeverity));
  }

  @ParameterizedTest
  @CsvSource({"INFO", "WARN", "ERROR"})
  void nullSeverityMeansInfo(Severity message) {
    assertEquals(true, SeverityFilter.shouldSend(message, null));
  }
}
