package io.callvault.camel;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every log event of the test's JVM from now on, for tests that count what an outage logs. */
final class CapturedLogs implements AutoCloseable {
  private final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  CapturedLogs() {
    events.start();
    root.addAppender(events);
  }

  /** A mark to count from. */
  int mark() {
    return events.list.size();
  }

  /** The formatted messages since {@code mark}, each as "logger: message". */
  List<String> since(int mark) {
    return List.copyOf(events.list.subList(mark, events.list.size())).stream()
        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
  }

  /** The WARN and ERROR lines callvault itself logged since {@code mark}, each as "logger: message". */
  List<String> callvaultWarnings(int mark) {
    return List.copyOf(events.list.subList(mark, events.list.size())).stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && e.getLoggerName().startsWith("io.callvault"))
        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
  }

  @Override
  public void close() {
    root.detachAppender(events);
  }
}
