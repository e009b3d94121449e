package io.callvault.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped logback files, as logback itself reads them, filter a log line with the one rule. */
class LogRedactionTest {

  @ParameterizedTest
  @ValueSource(strings = {"src/main/resources/logback.xml", "src/test/resources/logback-test.xml"})
  void theShippedPatternRedactsNumbersInMessagesAndStackTracesButKeepsIds(String file) throws Exception {
    String line = encode(Path.of(file), "recording {} failed: cannot read {}",
        new Object[] {"rec_123456789012345678901234",
            "/tmp/junit-1234567890/drop/in-201-07700900123-20240315-103000-1710498600.1.wav"},
        new IOException("no such file in-201-+447700900123-20240315.wav"));

    assertThat(line)
        .contains("recording rec_123456789012345678901234 failed")
        .contains("/tmp/junit-1234567890/drop/in-201-[redacted]-[redacted]-103000-[redacted].1.wav")
        .contains("java.io.IOException: no such file in-201-[redacted]-[redacted].wav")
        .doesNotContain("7700900123");
  }

  @ParameterizedTest
  @ValueSource(strings = {"src/main/resources/logback.xml", "src/test/resources/logback-test.xml"})
  void aLineWithoutExceptionEndsWithOneNewlineAndNoPatternLeftovers(String file) throws Exception {
    String line = encode(Path.of(file), "caller {} hung up", new Object[] {"+44 7700 900123"}, null);

    assertThat(line).endsWith(" - caller [redacted] hung up" + System.lineSeparator()).doesNotContain("%");
  }

  private static String encode(Path config, String format, Object[] args, Throwable thrown) throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(config.toFile());
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    @SuppressWarnings("unchecked")
    OutputStreamAppender<ILoggingEvent> console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("console");
    LoggingEvent event = new LoggingEvent(LogRedactionTest.class.getName(), context.getLogger("io.callvault.test"),
        Level.WARN, format, thrown, args);
    try {
      return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
    } finally {
      context.stop();
    }
  }
}
