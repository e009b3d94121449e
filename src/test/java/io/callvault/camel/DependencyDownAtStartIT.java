package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callvault.config.ConfigException;
import io.callvault.health.Dependencies;
import io.callvault.health.DependencyState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A dependency that is down when the hub starts does not kill it (issue 18 item 2): with the real embedded S3
 * server stopped, the hub starts, reports S3 down (once), leaves the drop alone, and ingests once S3 is back.
 * A configuration error still stops the start, naming the key and the fix.
 */
class DependencyDownAtStartIT extends HubIT {
  private static final String PATH = "2024/03/15/in-201-07700900123-20240315-103000-1710498900.1.wav";

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(Dependencies.class)).addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    ((Logger) LoggerFactory.getLogger(Dependencies.class)).detachAppender(logs);
  }

  @Test
  void aHubStartedWhileS3IsDownReportsItWaitsAndIngestsOnceS3IsBack() throws Exception {
    hub.overrides.put("callvault.dependency-check-interval", "PT0.2S");
    hub.s3.close();
    hub.consentCsv("subject,training,quality\n+447700900123,granted,\n").start();
    Dependencies dependencies = hub.hub.beans().dependencies();
    DependencyState down = dependencies.state("s3").orElseThrow();
    assertThat(down.up()).isFalse();
    assertThat(down.detail()).contains("(s3.endpoint)").contains("cannot be reached");
    assertThat(dependencies.isUp("catalog")).isTrue();

    Path source = hub.dropFile(PATH, TestAudio.wav(1, 11));
    Instant dropped = Instant.now();
    // the drop is polled every 200 ms and S3 checked every 200 ms: after several of each, the file is untouched
    HubFixture.await("S3 checked again after the drop", WAIT,
        () -> dependencies.state("s3").orElseThrow().checkedAt().isAfter(dropped.plusSeconds(1)));
    assertThat(Files.exists(source)).isTrue();
    assertThat(hub.opened).as("no recording is opened while S3 is down").isEmpty();
    assertThat(hub.hub.beans().catalog().quarantined()).isEmpty();

    hub.s3.start();
    HubFixture.await("S3 back", WAIT, () -> dependencies.isUp("s3"));
    HubFixture.await("the waiting file ingested", WAIT, () -> !Files.exists(source));

    assertThat(hub.hub.beans().catalog().copiesOf(recordingId(PATH))).extracting(c -> c.purpose())
        .containsExactlyInAnyOrder("training", "quality", "legal");
    try (var objects = Files.walk(hub.dir.resolve("s3/callvault-legal"))) {
      assertThat(objects.filter(p -> p.toString().endsWith(".gpg")).count()).isEqualTo(1);
    }
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .satisfiesExactly(
            warn -> assertThat(warn).startsWith("s3 is down: S3 at " + hub.s3.endpoint() + " (s3.endpoint)"),
            info -> assertThat(info).startsWith("s3 is back after"));
  }

  @Test
  void wrongS3CredentialsStillStopTheStartNamingTheKeyAndTheFix() {
    hub.overrides.put("s3.secret-key", "not-the-secret-key-0000");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> hub.start());

    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.where()).isEqualTo("s3.access-key");
      assertThat(p.fix()).contains("s3.access-key").contains("s3.secret-key");
    });
  }
}
