package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.catalog.QuarantineEntry;
import io.callvault.ingest.BadInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A drop's CDR with rows that cannot be read, and sidecars that cannot be used, over the real SFTP server and S3
 * (issue 11 item 8), next to good files that must be stored.
 */
class CdrAndSidecarProblemsIT extends BadInputIT {

  /** A 21-column cdr_csv row of an answered inbound call from 07700900123, with this uniqueid. */
  private static String row(String uniqueId) {
    return "\"\",\"07700900123\",\"201\",\"from-pstn\",\"\",\"PJSIP/trunk-1\",\"PJSIP/201-1\",\"Dial\","
        + "\"PJSIP/201,20\",\"2024-03-15 10:30:00\",\"2024-03-15 10:30:02\",\"2024-03-15 10:31:00\",60,58,"
        + "\"ANSWERED\",\"DOCUMENTATION\",\"" + uniqueId + "\",\"\",\"\",\"" + uniqueId + "\",1";
  }

  @Test
  void malformedCdrRowsAreReportedOnceByLineTheRecordingsThatLostTheirRowAreNamedAndLongValuesBounded() throws Exception {
    String fourteenColumns = String.join(",", java.util.Collections.nCopies(13, "\"x\"")) + ",\"1710498700.2\"";
    String badQuoting = row("1710498700.3").replace("\"ANSWERED\"", "\"ANSW\"ERED\"");
    String longDisposition = row("1710498700.6").replace("\"ANSWERED\"", "\"" + "A".repeat(40) + "\"");
    hub.dropFile("Master.csv", String.join("\n", row("1710498700.1"), fourteenColumns, badQuoting, longDisposition,
        "").getBytes());
    String fine = inbound("1710498700.1");
    String longRow = inbound("1710498700.6");
    String lostRow = inbound("1710498700.2");
    String lostQuoted = inbound("1710498700.3");
    for (String rel : new String[] {fine, lostRow, lostQuoted, longRow}) {
      hub.dropFile(rel, TestAudio.wav(1, rel.hashCode()));
    }
    String good = good(11);
    hub.start();

    assertStored(fine, lostRow, lostQuoted, longRow, good);

    assertThat(logLines("CDR file", "2 row(s) cannot be read", "line(s) 2, 3")).as("reported once").hasSize(1);
    assertThat(logLines("14 columns (expected 16 to 21)", "bad quoting")).hasSize(1);
    assertThat(counts().count(BadInputs.CDR_MALFORMED_ROW)).isEqualTo(2);
    assertThat(counts().count(BadInputs.RECORDING_WITHOUT_CDR)).isEqualTo(2);
    assertThat(catalog().findRecording(recordingId(fine)).orElseThrow().stateReason()).doesNotContain("CDR");
    assertThat(catalog().findRecording(recordingId(fine)).orElseThrow().disposition()).isEqualTo("ANSWERED");
    assertThat(catalog().findRecording(recordingId(lostRow)).orElseThrow().stateReason())
        .contains("without CDR data").contains("line 2");
    assertThat(catalog().findRecording(recordingId(lostQuoted)).orElseThrow().stateReason())
        .contains("without CDR data").contains("line 3");
    assertThat(logLines(recordingId(lostRow), "without CDR data")).hasSize(1);
    assertThat(catalog().findRecording(recordingId(longRow)).orElseThrow().disposition())
        .as("a CDR value longer than its column is cut to it").isEqualTo("A".repeat(32));
  }

  @Test
  void aSidecarTheServerRefusesToOpenQuarantinesItsRecordingWithIt() throws Exception {
    String rel = inbound("1710498700.4");
    hub.dropFile(rel, TestAudio.wav(1, 4));
    Path sidecar = hub.dropFile(rel + ".json", "{\"payment_windows\": [{\"start\": 0.2, \"end\": 0.6}]}".getBytes());
    Files.setPosixFilePermissions(sidecar, Set.of()); // chmod 000
    String good = good(12);
    hub.start();

    String reason = awaitQuarantined(rel);

    assertThat(reason).contains("payment-window sidecar unusable").contains("permission denied");
    assertThat(quarantined(rel + ".json")).as("the sidecar goes with its recording").exists();
    assertThat(catalog().copiesOf(recordingId(rel))).isEmpty();
    assertThat(stackTraces()).isEmpty();
    assertStored(good);
  }

  @Test
  void aSidecarWithAnImpossibleWindowQuarantinesItsRecordingNotStoredUnmasked() throws Exception {
    String rel = inbound("1710498700.5");
    hub.dropFile(rel, TestAudio.wav(1, 5));
    hub.dropFile(rel + ".json", "{\"payment_windows\": [{\"start\": 3.0, \"end\": 1.0}]}".getBytes());
    String good = good(13);
    hub.start();

    String reason = awaitQuarantined(rel);

    assertThat(reason).contains("payment-window sidecar unusable");
    QuarantineEntry q = quarantineEntry("payment-window sidecar unusable").orElseThrow();
    assertThat(q.reason()).doesNotContain("07700900123");
    assertThat(catalog().copiesOf(recordingId(rel))).isEmpty();
    assertStored(good);
  }
}
