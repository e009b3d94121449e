package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A source's {@code concurrency}: several consumers poll one drop on an H2 hub, each recording is claimed by one of
 * them (claims in memory) and stored once; both take recordings.
 */
class DropConcurrencyIT extends HubIT {
  private static final int FILES = 60;

  @Test
  @Timeout(300)
  void twoConsumersOfOneDropStoreEachRecordingOnceAndBothTakeRecordings() throws Exception {
    hub.overrides.put("callvault.drop.concurrency", "2");
    hub.consentCsv(DropBatch.CONSENT);
    DropBatch batch = DropBatch.drop(hub, FILES);
    hub.start();
    assertThat(hub.hub.camelContext().getRoute("pbx-asterisk-1-2")).as("the second consumer of the drop").isNotNull();

    HubFixture.await("every recording has left the drop", Duration.ofSeconds(240), () -> batch.audioInDrop() == 0);

    batch.assertAccountedFor(hub.hub.beans().catalog(), "with two consumers of one drop");
    assertThat(batch.quarantined()).as("nothing quarantined").isEmpty();
    MeterRegistry registry = hub.hub.camelContext().getRegistry().findSingleByType(MeterRegistry.class);
    for (String route : new String[] {"pbx-asterisk-1", "pbx-asterisk-1-2"}) {
      double done = registry.find("camel.exchanges.succeeded").tag("routeId", route).counters().stream()
          .mapToDouble(c -> c.count()).sum();
      assertThat(done).as("files that consumer " + route + " carried through").isPositive();
    }
  }
}
