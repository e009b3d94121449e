package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callvault.audio.CardCall;
import io.callvault.audio.WavFormat.Encoding;
import io.callvault.audit.AuditAction;
import io.callvault.catalog.QuarantineEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Symbolic links and special files in a drop, over the real embedded SFTP server (issue 11 item 3):
 * never opened, reported once with an opaque ref, moved (the link itself) to the quarantine.
 */
class NonRegularDropFilesIT extends HubIT {
  private static final String DAY = "2024/03/15/in-201-07700900123-20240315-103000-";
  private static final Pattern REF = Pattern.compile("ref (f_[0-9a-f]+)");

  ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void captureLogs() {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  @Test
  void linksToFilesInsideAndOutsideTheDropAndALinkedDirectoryAreQuarantinedUnopenedAndReportedOnce() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside")); // outside the SFTP server's root
    byte[] secretBytes = CardCall.of(Encoding.PCM_16, 8000, 1, 3).wav();
    Path secret = Files.write(outside.resolve("elsewhere.wav"), secretBytes);
    Path day = Files.createDirectories(outside.resolve("day"));
    Files.write(day.resolve("in-201-07700900123-20240316-103000-1710499009.1.wav"), TestAudio.wav(1, 9));
    Path real = hub.dropFile("2024/03/14/in-201-07700900123-20240314-103000-1710499000.1.wav", TestAudio.wav(1, 4));
    Files.createDirectories(hub.drop.resolve(DAY).getParent());
    Map<String, Path> links = new LinkedHashMap<>();
    links.put(DAY + "1710499001.1.wav", secret);
    links.put(DAY + "1710499002.1.wav", real);
    links.put("2024/03/16", day);
    for (Map.Entry<String, Path> l : links.entrySet()) {
      Files.createSymbolicLink(hub.drop.resolve(l.getKey()), l.getValue());
    }
    hub.consentCsv("subject,training,quality\n").start();

    for (String rel : links.keySet()) {
      HubFixture.await("the link is quarantined", WAIT, () -> HubFixture.written(reasonFile(rel)));
    }
    HubFixture.await("the regular file is ingested", WAIT, () -> !Files.exists(real));

    List<String> refs = new ArrayList<>();
    for (Map.Entry<String, Path> l : links.entrySet()) {
      Path moved = hub.drop.resolve(".quarantine/" + l.getKey());
      assertThat(moved).as("the link itself was moved").isSymbolicLink();
      assertThat(Files.readSymbolicLink(moved)).isEqualTo(l.getValue());
      String reason = Files.readString(reasonFile(l.getKey()));
      assertThat(reason).contains("not a regular file but a symbolic link");
      refs.add(ref(reason));
    }
    assertThat(Files.readAllBytes(secret)).as("the target is untouched").isEqualTo(secretBytes);
    assertThat(openedForReading()).as("files the SFTP server opened").anyMatch(p -> p.contains("1710499000"))
        .noneMatch(p -> p.contains("1710499001") || p.contains("1710499002") || p.contains("2024/03/16")
            || p.contains("1710499009") || p.contains("elsewhere"));
    assertThat(hub.hub.beans().catalog().copiesOf(recordingId(DAY + "1710499001.1.wav"))).isEmpty();
    assertThat(hub.hub.beans().catalog().copiesOf(recordingId(DAY + "1710499002.1.wav"))).isEmpty();
    assertThat(hub.hub.beans().catalog().copiesOf(recordingId(hub.drop.relativize(real).toString()))).isNotEmpty();
    assertReportedOnce(refs);
  }

  @Test
  void aFifoInTheDropIsQuarantinedWithoutBeingOpened() throws Exception {
    String rel = DAY + "1710499003.1.wav";
    Path fifo = hub.drop.resolve(rel);
    Files.createDirectories(fifo.getParent());
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    } catch (java.io.IOException e) {
      Assumptions.abort("mkfifo not available: " + e.getMessage());
      return;
    }
    assertThat(mkfifo.waitFor()).isZero();
    hub.consentCsv("subject,training,quality\n").start();

    HubFixture.await("the FIFO is quarantined", WAIT, () -> HubFixture.written(reasonFile(rel)));

    assertThat(Files.readString(reasonFile(rel))).contains("not a regular file");
    assertThat(openedForReading()).noneMatch(p -> p.contains("1710499003"));
    assertReportedOnce(List.of(ref(Files.readString(reasonFile(rel)))));
  }

  @Test
  void aRecordingWhoseSidecarIsALinkIsQuarantinedNotStoredWithoutItsPaymentWindows() throws Exception {
    Path windows = Files.writeString(dir.resolve("windows.json"), "{\"payment_windows\": [{\"start\": 0.2, \"end\": 0.6}]}");
    String rel = DAY + "1710499004.1.wav";
    Files.createDirectories(hub.drop.resolve(rel).getParent());
    Files.createSymbolicLink(hub.drop.resolve(rel + ".json"), windows);
    hub.dropFile(rel, TestAudio.wav(1, 14));
    hub.consentCsv("subject,training,quality\n").start();

    HubFixture.await("the recording is quarantined", WAIT, () -> HubFixture.written(reasonFile(rel)));

    assertThat(Files.readString(reasonFile(rel))).contains("sidecar").contains("not a regular file");
    assertThat(hub.drop.resolve(".quarantine/" + rel + ".json")).isSymbolicLink();
    assertThat(hub.hub.beans().catalog().copiesOf(recordingId(rel))).isEmpty();
    assertThat(openedForReading()).noneMatch(p -> p.endsWith(".json"));
  }

  /** What the SFTP server opened, but the reason files callvault writes. */
  private List<String> openedForReading() {
    return hub.opened.stream().filter(p -> !p.endsWith(DropFiles.REASON_SUFFIX)).toList();
  }

  private Path reasonFile(String rel) {
    return hub.drop.resolve(".quarantine/" + rel + DropFiles.REASON_SUFFIX);
  }

  private static String ref(String reasonFile) {
    Matcher m = REF.matcher(reasonFile);
    assertThat(m.find()).as("the reason file names the opaque ref").isTrue();
    return m.group(1);
  }

  /** One log line, one quarantine row (of source asterisk-1) and one audit entry per ref; no digits of a name in any log line. */
  private void assertReportedOnce(List<String> refs) {
    List<QuarantineEntry> rows = hub.hub.beans().catalog().quarantined();
    var audit = hub.hub.beans().auditTrail().read(0, 10_000);
    for (String ref : refs) {
      assertThat(logs.list.stream().filter(e -> e.getFormattedMessage().contains(ref + " quarantined:")))
          .as("log lines reporting %s", ref).hasSize(1);
      assertThat(rows).filteredOn(q -> q.fileRef().equals(ref)).singleElement()
          .satisfies(q -> assertThat(q.sourceId()).isEqualTo("asterisk-1"));
      assertThat(audit).filteredOn(a -> a.target().equals(ref) && a.action().equals(AuditAction.QUARANTINE)).hasSize(1);
    }
    for (ILoggingEvent e : logs.list) {
      assertThat(e.getFormattedMessage()).as("log line without the digits of a file name")
          .doesNotContain("7700900123", "1710499", "20240315", "elsewhere");
    }
  }
}
