package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.TestPostgres;
import io.callvault.health.Dependencies;
import io.callvault.testing.TcpForwarder;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11: the catalog database (PostgreSQL, reached through a TCP relay) is cut off for 60 seconds in the
 * middle of a batch of 50 recordings: the relay closes every connection and refuses new ones, then lets them
 * through again. While the catalog cannot commit, no file leaves the drop unless its commit happened before the
 * cut; nothing is quarantined or counted as failed, and the outage is logged once, not once per file. Afterwards every recording is stored once, with no
 * duplicate or orphan rows or objects, and the audit trail verifies.
 */
class CatalogOutageIT extends HubIT {
  static final int FILES = 50;
  static final Duration CUT = Duration.ofSeconds(60);

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
  @Timeout(360)
  void aMinuteWithoutTheCatalogMidBatchDeletesNoUncommittedFileFromTheDropAndLosesNothing() throws Exception {
    CatalogSettings pg = TestPostgres.get().freshSchema();
    URI target = URI.create(pg.jdbcUrl().substring("jdbc:".length()));
    int port = HubFixture.freePort();
    try (TcpForwarder relay = new TcpForwarder(port, target.getHost(), target.getPort()).start()) {
      hub.overrides.put("catalog.url", pg.jdbcUrl().replace(":" + target.getPort() + "/", ":" + port + "/"));
      hub.overrides.put("catalog.user", pg.user() == null ? "" : pg.user());
      hub.overrides.put("catalog.password", pg.password() == null ? "" : pg.password());
      hub.overrides.put("callvault.dependency-check-interval", "PT1S");
      hub.consentCsv(DropBatch.CONSENT);
      DropBatch batch = DropBatch.drop(hub, FILES);
      hub.start();
      Dependencies dependencies = hub.hub.beans().dependencies();
      HubFixture.await("the first recordings are stored", Duration.ofSeconds(90),
          () -> batch.audioInDrop() <= FILES - 10);

      Set<String> beforeCut = batch.stillInDrop();
      int cutStart = logs.mark();
      relay.cut();
      Thread.sleep(CUT.toMillis()); // the cut itself: the hub polls every 200 ms and pings the catalog every second
      Set<String> left = new HashSet<>(beforeCut);
      left.removeAll(batch.stillInDrop());

      assertThat(beforeCut).as("the cut came in the middle of the batch").isNotEmpty();
      assertCommittedBeforeTheCut(pg, batch, left);
      assertThat(left).as("files that left the drop during the cut: at most the one in hand").hasSizeLessThan(2);
      assertThat(batch.quarantined()).as("nothing quarantined").isEmpty();
      assertThat(dependencies.isUp("catalog")).as("the hub knows the catalog is down").isFalse();
      S3OutageIT.assertLoggedOnce(logs.callvaultWarnings(cutStart), "catalog");
      relay.start();
      HubFixture.await("the backlog drains once the catalog is back", Duration.ofSeconds(150),
          () -> batch.audioInDrop() == 0);

      batch.assertAccountedFor(hub.hub.beans().catalog(), "after a " + CUT.toSeconds()
          + " s cut of the catalog");
      assertThat(dependencies.isUp("catalog")).isTrue();
      hub.hub.close(); // before the relay closes: the hub writes its audit anchor as it stops
      hub.hub = null;
    }
  }

  /**
   * Reads PostgreSQL directly, bypassing the cut relay: every file that left the drop has its recording committed
   * (nothing could commit during the cut, so the commit came before it), and no failure was counted.
   */
  private static void assertCommittedBeforeTheCut(CatalogSettings pg, DropBatch batch, Set<String> left)
      throws Exception {
    try (Connection direct = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
      direct.setAutoCommit(false);
      Map<String, String> states = DropBatch.rows(direct, "select id, state from recordings");
      for (String path : left) {
        assertThat(states.get(batch.files.get(path))).as("%s left the drop during the cut", path)
            .isIn(List.of("STORED", "DISCARDED"));
      }
      assertThat(DropBatch.rows(direct, "select file_ref, last_reason from drop_failures"))
          .as("no failure counted against any file").isEmpty();
    }
  }
}
