package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A source's {@code concurrency}: four consumers poll one drop of 500 recordings, each recording is claimed by exactly
 * one of them (claims in memory on H2, in the catalog's {@code drop_claims} on PostgreSQL): one exchange, one
 * decision in the audit trail, one row per copy and one object per row; every consumer takes recordings.
 */
class DropConcurrencyIT extends HubIT {
  private static final int FILES = 500;
  private static final int CONSUMERS = 4;

  @Test
  @Timeout(420)
  void fourConsumersOfOneDropOnH2TakeEachOf500RecordingsExactlyOnce() throws Exception {
    fourConsumersTakeEachRecordingOnce("on H2, claims in memory");
  }

  @Test
  @Timeout(420)
  void fourConsumersOfOneDropOnPostgresTakeEachOf500RecordingsExactlyOnce() throws Exception {
    CatalogSettings catalog = TestPostgres.get().freshSchema();
    hub.catalog(catalog);
    fourConsumersTakeEachRecordingOnce("on PostgreSQL, claims in drop_claims");
  }

  private void fourConsumersTakeEachRecordingOnce(String context) throws Exception {
    hub.overrides.put("callvault.drop.concurrency", Integer.toString(CONSUMERS));
    hub.consentCsv(DropBatch.CONSENT);
    DropBatch batch = DropBatch.drop(hub, FILES);
    hub.start();
    List<String> routes = new ArrayList<>(List.of("pbx-asterisk-1"));
    for (int n = 2; n <= CONSUMERS; n++) {
      routes.add("pbx-asterisk-1-" + n);
      assertThat(hub.hub.camelContext().getRoute("pbx-asterisk-1-" + n)).as("consumer " + n + " of the drop").isNotNull();
    }

    HubFixture.await("every recording has left the drop", Duration.ofSeconds(360), () -> batch.audioInDrop() == 0);

    Catalog catalog = hub.hub.beans().catalog();
    batch.assertAccountedFor(catalog, "with " + CONSUMERS + " consumers of one drop " + context);
    Map<String, String> decisions = decisionsPerRecording(catalog);
    assertThat(decisions).as("recordings with an ingest decision in the audit trail").hasSize(FILES);
    decisions.values().removeIf("1"::equals);
    assertThat(decisions).as("recordings decided more than once (their count) " + context).isEmpty();
    MeterRegistry registry = hub.hub.camelContext().getRegistry().findSingleByType(MeterRegistry.class);
    double exchanges = 0;
    for (String route : routes) {
      double taken = registry.find("camel.exchanges.total").tag("routeId", route).counters().stream()
          .mapToDouble(c -> c.count()).sum();
      assertThat(taken).as("files that consumer " + route + " took").isPositive();
      exchanges += taken;
    }
    assertThat(exchanges).as("exchanges of all consumers together: one per file " + context).isEqualTo(FILES);
  }

  private static Map<String, String> decisionsPerRecording(Catalog catalog) throws Exception {
    try (Connection c = catalog.dataSource().getConnection()) {
      Map<String, String> counts = DropBatch.rows(c, "select target, cast(count(*) as varchar(20)) from audit_log"
          + " where action in ('INGEST_DECISION', 'DISCARD') group by target");
      counts.replaceAll((id, n) -> n.trim());
      return counts;
    }
  }
}
