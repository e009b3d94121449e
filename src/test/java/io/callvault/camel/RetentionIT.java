package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.catalog.Catalog;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.RecordingIdentifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Quartz route of routes/retention.camel.yaml, on a hub that ingested over real SFTP and S3. */
class RetentionIT extends HubIT {



  @Test
  void scheduledSweepDeletesTrainingAnonymisesQualityKeepsLegalAndSparesHeldRecordings() throws Exception {
    hub.overrides.put("retention.cron", "0/2 * * * * ?");
    hub.shippedRetention().consentCsv("subject,training,quality\n+447700900123,granted,\n").start();
    // calls of yesterday, stored for all three purposes; then seven months pass for the hub: the six-month
    // purposes have expired, legal (P5Y) runs on
    String held = ingestHeld("1710498801.2");
    String free = ingestYesterday("1710498800.1", TestAudio.wav(1, 1));
    Catalog catalog = hub.hub.beans().catalog();
    assertThat(catalog.copiesOf(free)).extracting(c -> c.purpose()).containsExactlyInAnyOrder("training", "quality", "legal");
    hub.clock.advance(Duration.ofDays(7 * 31));

    HubFixture.await("the scheduled sweep handled the expired copies", WAIT,
        () -> catalog.findCopy(free, "training").map(c -> c.state().equals("DELETED")).orElse(false)
            && catalog.findCopy(free, "legal").isPresent()
            && catalog.copiesOf(free).stream().noneMatch(c -> c.purpose().equals("quality") && c.state().equals("STORED")));

    assertThat(catalog.findCopy(free, "legal").orElseThrow().state()).isEqualTo("STORED");
    assertThat(catalog.copiesOf(held)).allSatisfy(c -> assertThat(c.state()).isEqualTo("STORED"));
    try (var s = Files.walk(hub.dir.resolve("s3/callvault-training"))) {
      assertThat(s.filter(p -> p.toString().endsWith(".gpg")).count()).as("only the held recording's training copy").isEqualTo(1);
    }
  }

  /** The drop path of an inbound call of 07700900123 made yesterday (UTC), as FreePBX names it. */
  static String yesterday(String uniqueId) {
    java.time.LocalDate day = java.time.LocalDate.now(ZoneOffset.UTC).minusDays(1);
    String ymd = day.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
    return day.format(java.time.format.DateTimeFormatter.ofPattern("yyyy/MM/dd")) + "/in-201-07700900123-" + ymd
        + "-103000-" + uniqueId + ".wav";
  }

  private String ingestYesterday(String uniqueId, byte[] wav) throws Exception {
    String path = yesterday(uniqueId);
    Path source = hub.dropFile(path, wav);
    HubFixture.await("ingest", WAIT, () -> !Files.exists(source));
    return recordingId(path);
  }

  private String ingestHeld(String uniqueId) throws Exception {
    String path = yesterday(uniqueId);
    String id = recordingId(path);
    hub.hub.beans().holds().place(io.callvault.retention.HoldScope.RECORDING, id, "dispute", "dpo",
        java.time.Instant.parse("2030-01-01T00:00:00Z"));
    Path source = hub.dropFile(path, TestAudio.wav(1, uniqueId.hashCode()));
    HubFixture.await("ingest", WAIT, () -> !Files.exists(source));
    return id;
  }
}
