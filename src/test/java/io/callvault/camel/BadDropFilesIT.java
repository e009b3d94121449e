package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.audit.AuditAction;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.QuarantineEntry;
import io.callvault.ingest.BadInputs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Bad drop files over the real embedded SFTP server and S3 (issue 11, items 4, 5, 6 and the quarantine's own
 * failures), each next to good files of the same batch, which must be stored.
 */
class BadDropFilesIT extends BadInputIT {

  @Test
  void aNameOf255BytesIsQuarantinedAtOnceBeforeAnyUploadWithItsReasonFileUnderItsRef() throws Exception {
    String head = "in-201-07700900123-20240315-103000-1710498600.";
    String name = head + "1".repeat(255 - head.length() - ".wav".length()) + ".wav";
    assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(255);
    String rel = DAY + name;
    put(rel, TestAudio.wav(1, 3));
    String good = good(1);
    hub.start();

    HubFixture.await("the long name is moved to quarantine", WAIT, () -> Files.exists(quarantined(rel)));
    QuarantineEntry q = quarantineEntry("uniqueid").orElseThrow();
    Path byRef = quarantined(DAY + q.fileRef() + DropFiles.REASON_SUFFIX);
    HubFixture.await("its reason file is written under its ref", WAIT, () -> HubFixture.written(byRef));

    assertThat(q.reason()).contains("characters long").contains("at most 128");
    assertThat(Files.readString(byRef)).contains(q.fileRef()).contains("at most 128").contains("file: " + name);
    assertThat(catalog().failuresOf(q.fileRef())).as("quarantined at once, not after attempts").isZero();
    assertStored(good);
    assertThat(storedKeys()).as("nothing of the long name was uploaded: only the good file's copies")
        .hasSize(catalog().copiesOf(recordingId(good)).size());
    assertThat(logLines("could not")).isEmpty();
  }

  @Test
  void namesWithSpacesUnicodeAndDotsAreStoredAndOneWithAControlCharacterIsQuarantined() throws Exception {
    List<String> fine = List.of(inbound("1710498600.2 copy"), inbound("1710498600.3-café"),
        inbound("1710498600..4"), inbound("..1710498600.5"));
    for (int i = 0; i < fine.size(); i++) {
      hub.dropFile(fine.get(i), TestAudio.wav(1, 10 + i));
    }
    String control = inbound("1710498600.6\tx");
    hub.dropFile(control, TestAudio.wav(1, 20));
    String good = good(2);
    hub.start();

    assertThat(awaitQuarantined(control)).contains("control characters");
    assertStored(good);
    assertStored(fine.toArray(String[]::new));
  }

  @Test
  void aReDroppedNameWithOtherBytesIsQuarantinedAsANewVersionAndTheSameBytesAgainAreDone() throws Exception {
    String rel = inbound("1710498600.7");
    byte[] first = TestAudio.wav(1, 7);
    hub.dropFile(rel, first);
    hub.start();
    assertStored(rel);
    String id = recordingId(rel);
    List<CopyEntry> stored = catalog().copiesOf(id);

    // the same bytes, then other bytes of the same size with the same modification time: only the content differs
    FileTime sameTime = FileTime.from(Instant.now().minusSeconds(60));
    put(rel, first, sameTime);
    String good = good(3);
    assertStored(good);
    HubFixture.await("the same bytes again leave the drop", WAIT, () -> !Files.exists(hub.drop.resolve(rel)));
    assertThat(Files.exists(reasonFile(rel))).as("the same bytes again are not quarantined").isFalse();

    assertThat(TestAudio.wav(1, 8)).hasSameSizeAs(first);
    put(rel, TestAudio.wav(1, 8), sameTime);
    String good2 = good(4);
    String reason = awaitQuarantined(rel);

    assertThat(reason).contains("same name as recording " + id).contains("different content");
    assertThat(Files.readAllBytes(quarantined(rel))).as("the new content is kept").isEqualTo(TestAudio.wav(1, 8));
    assertThat(catalog().copiesOf(id)).as("nothing stored was replaced").isEqualTo(stored);
    assertThat(hub.hub.beans().auditTrail().read(1, 1000)).filteredOn(e -> e.action().equals(AuditAction.QUARANTINE))
        .singleElement().satisfies(e -> assertThat(e.target()).isEqualTo(id));
    assertStored(good2);
  }

  @Test
  void anUnreadableFileIsReportedOnceCountedAndQuarantinedAfterItsAttemptsWithoutAStackTrace() throws Exception {
    String rel = inbound("1710498600.9");
    Path file = hub.dropFile(rel, TestAudio.wav(1, 9));
    Files.setPosixFilePermissions(file, Set.of()); // chmod 000
    String good = good(5);
    hub.start();

    awaitQuarantined(rel);

    QuarantineEntry q = quarantineEntry("permission denied").orElseThrow();
    assertThat(q.reason()).contains("gave up after 3 attempts").contains("make it readable by the SFTP user");
    assertThat(counts().count(BadInputs.UNREADABLE_ATTEMPT)).isEqualTo(3);
    assertThat(logLines(q.fileRef(), "cannot be read")).as("reported once").hasSize(1);
    assertThat(stackTraces()).as("no stack trace at any poll").isEmpty();
    assertThat(String.join("\n", logs.list.stream().map(e -> e.getFormattedMessage()).toList()))
        .doesNotContain("1710498600.9");
    assertStored(good);
  }

  @Test
  void hiddenFilesAndDirectoriesAreReportedOnceCountedAndNeverClaimed() throws Exception {
    hub.overrides.put("callvault.drop.hidden-check-interval", "PT0S");
    Path hiddenFile = hub.dropFile(DAY + ".in-201-07700900123-20240315-103000-1710498601.1.wav", TestAudio.wav(1, 1));
    Path hiddenDir = hub.dropFile(".incoming/in-201-07700900123-20240315-103000-1710498601.2.wav", TestAudio.wav(1, 2));
    Files.setLastModifiedTime(hiddenDir.getParent(), FileTime.from(Instant.now().minusSeconds(60)));
    String good = good(6);
    hub.start();

    HubFixture.await("both are reported", WAIT, () -> counts().count(BadInputs.HIDDEN_FILE) == 2);
    assertStored(good);
    String later = DAY + "in-201-07700900123-20240315-103000-1710490000.7.wav"; // more polls, more censuses
    put(later, TestAudio.wav(1, 7)); // no hidden temp file in the drop
    assertStored(later);

    assertThat(counts().count(BadInputs.HIDDEN_FILE)).as("each counted once").isEqualTo(2);
    assertThat(logLines("holds a hidden file")).hasSize(1);
    assertThat(logLines("holds a hidden directory", "nor anything inside")).hasSize(1);
    assertThat(hiddenFile).exists();
    assertThat(hiddenDir).exists();
    assertThat(hub.opened).noneMatch(p -> p.contains("1710498601"));
  }

  @Test
  void aReasonFileTheServerRefusesToWriteIsLoggedOnceAndTheFileIsStillMoved() throws Exception {
    String rel = DAY + "not-a-recording.wav";
    hub.unwritable.add(DropFiles.REASON_SUFFIX);
    Path file = hub.dropFile(rel, TestAudio.wav(1, 4));
    String good = good(8);
    hub.start();

    HubFixture.await("the file is moved to quarantine", WAIT, () -> Files.exists(quarantined(rel)));
    QuarantineEntry q = awaitEntry("cannot identify");
    HubFixture.await("the failed write is logged", WAIT, () -> !logLines(q.fileRef(), "reason file could not").isEmpty());
    assertStored(good);

    assertThat(file).doesNotExist();
    assertThat(logLines(q.fileRef(), "reason file could not")).hasSize(1).allMatch(l -> l.contains("cannot identify"));
    assertThat(reasonFile(rel)).doesNotExist();
  }

  @Test
  void aFileThatCannotBeMovedToQuarantineStaysLoggedOnceIsNotProcessedAgainAndMovesOnceItCan() throws Exception {
    String rel = DAY + "not-a-recording-either.wav";
    hub.unmovable.add("not-a-recording-either.wav");
    Path file = hub.dropFile(rel, TestAudio.wav(1, 5));
    String good = good(9);
    hub.start();

    QuarantineEntry q = awaitEntry("cannot identify");
    assertStored(good);
    String later = good(10); // more polls
    assertStored(later);

    assertThat(file).as("it stays in the drop").exists();
    assertThat(logLines(q.fileRef(), "could not be moved")).as("logged once").hasSize(1);
    assertThat(hub.hub.beans().auditTrail().read(1, 1000)).as("not processed again, not released")
        .filteredOn(e -> q.fileRef().equals(e.target())).extracting(e -> e.action())
        .containsExactly(AuditAction.QUARANTINE);

    hub.unmovable.clear();
    assertThat(awaitQuarantined(rel)).contains("cannot identify");
    assertThat(file).doesNotExist();
  }

  private QuarantineEntry awaitEntry(String reason) throws InterruptedException {
    HubFixture.await("the quarantine is cataloged", WAIT, () -> quarantineEntry(reason).isPresent());
    return quarantineEntry(reason).orElseThrow();
  }
}
