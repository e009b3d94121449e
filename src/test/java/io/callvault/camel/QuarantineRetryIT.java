package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditEntry;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.QuarantineEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * README, "Operating": to retry a quarantined file, fix the cause and move the file back into the drop. Over
 * the embedded SFTP server: a file fails until quarantined, is moved back by the operator, gets its full
 * number of attempts again (callvault.drop.max-attempts=3 in the fixture), and once the cause is fixed and it
 * is moved back again, it is ingested.
 */
class QuarantineRetryIT extends HubIT {
  private static final String NAME = "in-201-07700900123-20240315-103000-1710498700.1.wav";
  private static final String PATH = "2024/03/15/" + NAME;

  @Test
  void aFileMovedBackFromQuarantineGetsItsFullAttemptsAgainAndIsIngestedOnceTheCauseIsFixed() throws Exception {
    hub.unreadable.add(NAME); // the cause: the PBX's disk cannot deliver this file's content
    hub.consentCsv("subject,training,quality\n+447700900123,granted,\n").start();
    Catalog catalog = hub.hub.beans().catalog();
    Path inDrop = hub.dropFile(PATH, TestAudio.wav(1, 7));
    Path inQuarantine = hub.drop.resolve(".quarantine").resolve(PATH);

    awaitQuarantined(inQuarantine);
    String ref = catalog.quarantined().get(0).fileRef();
    assertThat(catalog.quarantined().get(0).reason()).startsWith("gave up after 3 attempts");

    // the operator moves it back, but the cause is still there: three more attempts, not one
    Files.move(inQuarantine, inDrop);
    awaitQuarantined(inQuarantine);
    assertThat(catalog.quarantined()).extracting(QuarantineEntry::fileRef).containsExactly(ref);
    assertThat(catalog.quarantined().get(0).reason()).as("a full set of attempts, not the count left at 3")
        .startsWith("gave up after 3 attempts");
    assertThat(audit(AuditAction.QUARANTINE_RELEASED)).singleElement()
        .satisfies(e -> assertThat(e.target()).isEqualTo(ref));
    assertThat(audit(AuditAction.QUARANTINE)).hasSize(2)
        .allSatisfy(e -> assertThat(e.reason()).startsWith("gave up after 3 attempts"));

    // the cause is fixed and the file moved back once more: it is ingested and leaves quarantine for good
    hub.unreadable.remove(NAME);
    Files.move(inQuarantine, inDrop);
    HubFixture.await("ingest of the returned file", WAIT, () -> !Files.exists(inDrop));
    assertThat(Files.exists(inQuarantine)).isFalse();
    assertThat(catalog.quarantined()).isEmpty();
    assertThat(catalog.failuresOf(ref)).isZero();
    assertThat(catalog.copiesOf(recordingId(PATH))).extracting(c -> c.purpose())
        .containsExactlyInAnyOrder("training", "quality", "legal");
  }

  private static void awaitQuarantined(Path inQuarantine) throws InterruptedException {
    HubFixture.await("the file is in quarantine", WAIT, () -> HubFixture.written(inQuarantine)
        && Files.exists(inQuarantine.resolveSibling(NAME + ".reason.txt")));
  }

  private List<AuditEntry> audit(String action) {
    return hub.hub.beans().auditTrail().read(0, 10_000).stream().filter(e -> e.action().equals(action)).toList();
  }
}
