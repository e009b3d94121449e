package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.health.Dependencies;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11: S3 goes away for 60 seconds in the middle of a batch of 50 recordings (the embedded S3Proxy stopped,
 * then started again on the same port and data). While it is away the drop waits: nothing is quarantined, no
 * failure is counted against any file, and the outage is logged once, not once per file. Once S3 is back the
 * backlog drains, and every recording is stored exactly once with all its granted copies.
 */
class S3OutageIT extends HubIT {
  static final int FILES = 50;
  static final Duration OUTAGE = Duration.ofSeconds(60);

  private CapturedLogs logs;

  @BeforeEach
  void captureLogs() {
    logs = new CapturedLogs();
  }

  @AfterEach
  void releaseLogs() {
    logs.close();
  }

  @Test
  @Timeout(300)
  void aMinuteWithoutS3MidBatchQuarantinesNothingCountsNoFailureLogsOnceAndTheBacklogDrainsAfterwards()
      throws Exception {
    hub.overrides.put("callvault.dependency-check-interval", "PT1S");
    hub.consentCsv(DropBatch.CONSENT);
    DropBatch batch = DropBatch.drop(hub, FILES);
    hub.start();
    Dependencies dependencies = hub.hub.beans().dependencies();
    HubFixture.await("the first recordings are stored", Duration.ofSeconds(90), () -> batch.audioInDrop() <= FILES - 10);

    int outageStart = logs.mark();
    hub.stopS3();
    HubFixture.await("the hub sees S3 down", WAIT, () -> !dependencies.isUp("s3"));
    java.util.Set<String> waiting = batch.stillInDrop();
    assertThat(waiting).as("S3 went away in the middle of the batch").isNotEmpty();
    Thread.sleep(OUTAGE.toMillis()); // the outage itself: the hub polls every 200 ms and checks S3 every second

    java.util.Set<String> left = new java.util.HashSet<>(waiting);
    left.removeAll(batch.stillInDrop());
    assertThat(left).as("files that left the drop while S3 was away: at most one whose copies were all stored")
        .hasSizeLessThan(2).allSatisfy(path -> assertThat(hub.hub.beans().catalog().findRecording(batch.files.get(path)))
            .get().extracting(r -> r.state()).isEqualTo("STORED"));
    assertThat(batch.quarantined()).as("nothing quarantined").isEmpty();
    assertThat(failuresCounted()).as("no failure counted against any file").isZero();
    List<String> duringOutage = logs.callvaultWarnings(outageStart);
    hub.restartS3();
    HubFixture.await("the backlog drains once S3 is back", Duration.ofSeconds(120), () -> batch.audioInDrop() == 0);

    batch.assertAccountedFor(hub.hub.beans().catalog(), "after a " + OUTAGE.toSeconds() + " s S3 outage");
    assertThat(dependencies.isUp("s3")).isTrue();
    assertLoggedOnce(duringOutage, "s3");
    assertThat(logs.since(0)).as("S3's return is logged once").filteredOn(m -> m.contains("s3 is back after"))
        .hasSize(1);
    assertThat(logs.since(0)).noneMatch(m -> m.contains("failed (attempt"));
  }

  /**
   * The outage is one WARN line of the hub, saying what failed (it may name the one recording in hand), and no
   * other: no warning per file that waits.
   */
  static void assertLoggedOnce(List<String> warnings, String dependency) {
    assertThat(warnings).as("callvault's warnings during the outage").singleElement()
        .satisfies(w -> assertThat(w).contains(dependency + " is down: ").doesNotContain("Multicast"));
  }

  private DataSource catalog() {
    return hub.hub.beans().catalog().dataSource();
  }

  private long failuresCounted() throws Exception {
    try (var c = catalog().getConnection(); var st = c.createStatement();
        var rs = st.executeQuery("select count(*) from drop_failures")) {
      rs.next();
      long n = rs.getLong(1);
      c.rollback();
      return n;
    }
  }
}
