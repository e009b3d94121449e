package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.audit.AuditEntry;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.DecisionEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing is stored that is already past its retention: old recordings (a PBX backlog) over real SFTP and S3, with
 * the shipped policies (training and quality six months from the call, legal five years).
 */
class ExpiredOnArrivalIT extends HubIT {

  @Test
  void oldRecordingIsNotStoredForTheSixMonthPurposesButIsForLegalAndTheCatalogAndAuditSayWhy() throws Exception {
    hub.shippedRetention().consentCsv("subject,training,quality\n+447700900123,granted,\n").start();
    String id = ingest("1710498600.1", TestAudio.wav(1, 1)); // a call of 2024-03-15, arriving years later
    Catalog catalog = hub.hub.beans().catalog();

    assertThat(catalog.copiesOf(id)).extracting(CopyEntry::purpose).containsExactly("legal");
    assertThat(storedObjects("callvault-training")).isZero();
    assertThat(storedObjects("callvault-quality")).isZero();
    assertThat(storedObjects("callvault-legal")).isEqualTo(1);
    List<DecisionEntry> decisions = catalog.decisionsFor(id);
    assertThat(decisions).filteredOn(d -> !d.purpose().equals("legal"))
        .extracting(DecisionEntry::outcome).containsOnly(DecisionEntry.EXPIRED).hasSize(2);
    assertThat(decisions).filteredOn(d -> d.purpose().equals("training")).singleElement()
        .extracting(DecisionEntry::reason)
        .isEqualTo("expired on arrival: retention P6M from the call ended 2024-09-15; not stored");
    assertThat(catalog.findRecording(id).orElseThrow().state()).isEqualTo("STORED");
    assertThat(catalog.findRecording(id).orElseThrow().stateReason()).contains("expired on arrival: training, quality");
    assertThat(decision(id).reason()).contains("training=EXPIRED (expired on arrival: retention P6M")
        .contains("legal=GRANTED").doesNotContain("7700900123");
  }

  @Test
  void recordingPastEveryRetentionIsDiscardedAndLeavesTheDrop() throws Exception {
    hub.shippedRetention().start();
    String path = "2015/03/15/in-201-07700900123-20150315-103000-1426415400.1.wav"; // legal (P5Y) ended in 2020
    Path source = hub.dropFile(path, TestAudio.wav(1, 2));
    String id = recordingId(path);

    HubFixture.await("the discarded file leaves the drop", WAIT, () -> !Files.exists(source));
    Catalog catalog = hub.hub.beans().catalog();
    assertThat(catalog.findRecording(id).orElseThrow().state()).isEqualTo("DISCARDED");
    assertThat(catalog.copiesOf(id)).isEmpty();
    assertThat(catalog.decisionsFor(id)).extracting(DecisionEntry::outcome).containsOnly(DecisionEntry.EXPIRED);
    assertThat(decision(id).action()).isEqualTo("DISCARD");
    assertThat(storedObjects("callvault-legal")).isZero();
  }

  private AuditEntry decision(String recordingId) {
    return hub.hub.beans().auditTrail().read(0, 1000).stream()
        .filter(e -> recordingId.equals(e.target())).reduce((a, b) -> b).orElseThrow();
  }

  private long storedObjects(String bucket) throws Exception {
    Path dir = hub.dir.resolve("s3").resolve(bucket);
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".gpg")).count();
    }
  }
}
