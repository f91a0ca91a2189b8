package dev.sluice.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Collects the formatted log lines of {@code dev.sluice} while open, for assertions. */
public final class LogCapture extends Handler implements AutoCloseable {
  private static final String CATEGORY = "dev.sluice";
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger logger;

  private LogCapture(String category) {
    logger = Logger.getLogger(category);
    setLevel(Level.ALL);
    logger.addHandler(this);
  }

  public static LogCapture open() {
    return new LogCapture(CATEGORY);
  }

  /** Every logger's lines (root category), with the messages of thrown exceptions. */
  public static LogCapture everything() {
    return new LogCapture("");
  }

  @Override
  public void publish(LogRecord record) {
    String message =
        record instanceof ExtLogRecord ext
            ? ext.getFormattedMessage()
            : new java.util.logging.SimpleFormatter().formatMessage(record);
    StringBuilder line = new StringBuilder(record.getLevel() + " " + message);
    for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
      line.append(" | ").append(t);
    }
    lines.add(line.toString());
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** Lines at WARN (JBoss) / WARNING (JUL) that contain the fragment. */
  public List<String> warnings(String fragment) {
    return lines.stream().filter(l -> l.startsWith("WARN") && l.contains(fragment)).toList();
  }

  public String all() {
    return String.join("\n", lines);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
