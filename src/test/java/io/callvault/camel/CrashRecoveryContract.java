package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;

/**
 * The hub, as a process of its own, is SIGKILLed five times at random moments while it ingests a batch of
 * 200 recordings, then restarted and left to finish. Afterwards every source file is accounted for (stored
 * with all its granted copies and catalog rows, or quarantined with a reason: none may simply vanish), there
 * are no duplicate or orphan objects or rows, and the audit trail verifies. Subclasses pick the catalog and the
 * number of consumers of the drop.
 */
abstract class CrashRecoveryContract extends HubIT {
  static final int FILES = 200;
  static final int KILLS = 5;

  abstract CatalogSettings catalog();

  /** Consumers of the drop ({@code callvault.drop.concurrency}). */
  int consumers() {
    return 1;
  }

  @RepeatedTest(3)
  @Timeout(300)
  void nothingIsLostOrDuplicatedWhenTheHubIsKilledMidBatch() throws Exception {
    CatalogSettings catalog = catalog();
    hub.catalog(catalog);
    hub.overrides.put("callvault.drop.concurrency", Integer.toString(consumers()));
    hub.consentCsv(DropBatch.CONSENT);
    DropBatch batch = DropBatch.drop(hub, FILES);
    Random random = new Random();
    try (ChildHub child = new ChildHub(hub.dir.resolve("child-config"), hub.routes, hub.overrides)) {
      for (int kill = 1; kill <= KILLS; kill++) {
        long before = batch.audioInDrop();
        child.start();
        HubFixture.await("the hub to take files (kill " + kill + ")\n" + child.logs(), Duration.ofSeconds(90),
            () -> batch.audioInDrop() < before || !child.alive());
        Thread.sleep(random.nextInt(1200));
        child.kill();
      }
      assertThat(batch.audioInDrop()).as("the kills came while the batch was still running").isPositive();
      child.start();
      HubFixture.await("the batch to finish after the kills\n" + child.logs(), Duration.ofSeconds(120),
          () -> batch.audioInDrop() == 0);
      child.terminate();
      try (Catalog opened = Catalog.open(catalog)) {
        batch.assertAccountedFor(opened, "after " + KILLS + " kills\n" + child.logs());
      }
    }
  }
}
