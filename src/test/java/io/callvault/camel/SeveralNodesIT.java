package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two hubs, each a process of its own, on one PostgreSQL catalog, one SFTP drop and one S3 (README, "Running several
 * nodes"); and a second hub on one H2 file, which is refused.
 */
class SeveralNodesIT extends HubIT {
  static final int FILES = 500;
  /** The retention sweep's cron in this test: every 6 s, so that two runs of one firing would start together. */
  static final String SWEEP_CRON = "0/6 * * * * ?";

  @Test
  @Timeout(720)
  void twoHubsStoreEachRecordingOnceRunEachSweepOnceAndOneFinishesTheBatchWhenTheOtherIsKilled() throws Exception {
    CatalogSettings catalog = TestPostgres.get().freshSchema();
    hub.catalog(catalog);
    hub.overrides.put("retention.cron", SWEEP_CRON);
    hub.overrides.put("callvault.drop.claim-max-age", "PT6S");
    hub.overrides.put("callvault.drop.claim-keep-alive", "PT1S");
    hub.overrides.put("org.quartz.jobStore.clusterCheckinInterval", "2000");
    hub.consentCsv(DropBatch.CONSENT);
    DropBatch batch = DropBatch.drop(hub, FILES);
    Instant started = Instant.now();
    try (ChildHub a = node("node-a", hub.overrides); ChildHub b = node("node-b", secondNode())) {
      a.start();
      b.start();
      HubFixture.await("both hubs to take files\n" + a.logs() + b.logs(), Duration.ofSeconds(300),
          () -> stored(a) > 0 && stored(b) > 0 && batch.audioInDrop() <= FILES * 6 / 10 || !a.alive() || !b.alive());
      assertThat(a.alive() && b.alive()).as("both hubs run\n" + a.logs() + b.logs()).isTrue();
      assertThat(schedulerInstances(catalog)).as("both hubs are instances of the clustered Quartz scheduler")
          .isEqualTo(2);
      long inDropAtKill = batch.audioInDrop();
      Instant killedAt = Instant.now();
      a.kill();
      HubFixture.await("the surviving hub to finish the batch\n" + b.logs(), Duration.ofSeconds(300),
          () -> batch.audioInDrop() == 0 || !b.alive());
      Duration took = Duration.between(started, Instant.now());
      try (Catalog watching = Catalog.open(catalog)) {
        // the batch can end before three firings of the sweep (a fast machine): the sweep check needs three
        HubFixture.await("three sweeps reported\n" + b.logs(), Duration.ofSeconds(60),
            () -> sweepStarts(watching).size() >= 3 || !b.alive());
      }
      b.terminate();
      assertThat(inDropAtKill).as("the kill came mid-batch").isPositive();
      try (Catalog opened = Catalog.open(catalog)) {
        batch.assertAccountedFor(opened, "two hubs, one killed\n" + a.logs() + b.logs());
        assertDecidedOnce(opened, batch);
        assertSweptOncePerFiring(opened, killedAt);
      }
      System.out.printf("%d recordings on two hubs (one killed with %d left) took %s; hub A stored %d, B %d%n",
          FILES, inDropAtKill, took, stored(a), stored(b));
    }
  }

  /**
   * The claim is released whatever the outcome: a recording kept in the drop (here: consent unanswered) is free for
   * the next poll, its own hub's included, and is stored once the CRM answers.
   */
  @Test
  @Timeout(180)
  void aRecordingKeptWhileTheCrmIsDownIsReleasedAndTakenAgainOnceItAnswers() throws Exception {
    CatalogSettings catalog = TestPostgres.get().freshSchema();
    hub.catalog(catalog);
    com.github.tomakehurst.wiremock.WireMockServer crm = new com.github.tomakehurst.wiremock.WireMockServer(
        com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());
    crm.start();
    try {
      crm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
          com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/consent/.*"))
          .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
      hub.overrides.put("consent.source", "http");
      hub.overrides.put("consent.http.url-template", crm.baseUrl() + "/consent/{subject}");
      hub.overrides.put("consent.http.flag.training", "/training");
      hub.overrides.put("consent.http.value.true", "GRANTED");
      hub.overrides.put("consent.circuit.open-seconds", "2");
      hub.start();
      String path = "2024/03/15/in-201-07700900123-20240315-103000-1710498602.3.wav";
      java.nio.file.Path source = hub.dropFile(path, TestAudio.wav(1, 3));
      String id = recordingId(path);
      Catalog opened = hub.hub.beans().catalog();
      HubFixture.await("the legal copy stored, training waiting for consent", WAIT,
          () -> opened.findCopy(id, "legal").isPresent());
      HubFixture.await("the kept recording's claim released", WAIT, () -> claims(opened) == 0);
      assertThat(source).exists();
      crm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
          com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/consent/.*"))
          .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
              .withHeader("Content-Type", "application/json").withBody("{\"training\": true}")));
      HubFixture.await("the recording claimed again and stored once the CRM answers", WAIT, () -> !java.nio.file.Files.exists(source));
      assertThat(opened.findCopy(id, "training")).isPresent();
      assertThat(claims(opened)).as("no claim left behind").isZero();
    } finally {
      crm.stop();
    }
  }

  private static int claims(Catalog catalog) {
    try (Connection c = catalog.dataSource().getConnection();
        PreparedStatement st = c.prepareStatement("select count(*) from drop_claims");
        ResultSet rs = st.executeQuery()) {
      rs.next();
      int n = rs.getInt(1);
      c.rollback();
      return n;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @Timeout(180)
  void aSecondHubOnTheSameH2FileIsRefusedWithAClearError() throws Exception {
    try (ChildHub first = node("first", hub.overrides); ChildHub second = node("second", secondNode())) {
      first.start();
      HubFixture.await("the first hub to start\n" + first.logs(), Duration.ofSeconds(90),
          () -> lines(first, "HTTP API listening on") > 0 || !first.alive());
      second.start();
      Integer exit = second.exitCode(Duration.ofSeconds(90));
      assertThat(exit).as("the second hub stops by itself\n" + second.logs()).isNotNull().isNotZero();
      assertThat(second.logs()).contains("is in use by another process").contains("PostgreSQL");
      assertThat(first.alive()).as("the first hub runs on\n" + first.logs()).isTrue();
    }
  }

  private ChildHub node(String name, Map<String, String> overrides) throws Exception {
    return new ChildHub(hub.dir.resolve(name), hub.routes, overrides);
  }

  /** The second hub: its own ports and temp folder (never shared: each hub clears its own at start). */
  private Map<String, String> secondNode() throws Exception {
    Map<String, String> o = new HashMap<>(hub.overrides);
    o.put("camel.server.port", Integer.toString(HubFixture.freePort()));
    o.put("camel.management.port", Integer.toString(HubFixture.freePort()));
    o.put("callvault.temp-dir", hub.dir.resolve("tmp-b").toString());
    return o;
  }

  /** Recordings a hub cataloged (its log's line per recording). */
  private static long stored(ChildHub node) {
    return lines(node, "new copies");
  }

  private static long lines(ChildHub node, String text) {
    try {
      return node.linesContaining(text);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private static int schedulerInstances(CatalogSettings catalog) throws SQLException {
    try (Catalog opened = Catalog.open(catalog); Connection c = opened.dataSource().getConnection();
        PreparedStatement st = c.prepareStatement("select count(*) from qrtz_scheduler_state");
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Each recording was decided (cataloged with its audit entry) once; only the one the killed hub was writing may
   * have been decided again by the other, since its file was still in the drop (durable before destructive).
   */
  private static void assertDecidedOnce(Catalog catalog, DropBatch batch) throws SQLException {
    Map<String, Integer> decisions = new HashMap<>();
    try (Connection c = catalog.dataSource().getConnection();
        PreparedStatement st = c.prepareStatement("select target from audit_log where action in (?, ?)")) {
      st.setString(1, io.callvault.audit.AuditAction.INGEST_DECISION);
      st.setString(2, io.callvault.audit.AuditAction.DISCARD);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          decisions.merge(rs.getString(1), 1, Integer::sum);
        }
      }
      c.rollback();
    }
    assertThat(batch.files.values()).allSatisfy(id -> assertThat(decisions).containsKey(id));
    assertThat(decisions.values().stream().filter(n -> n > 1).count())
        .as("recordings decided twice (at most the one in flight on the killed hub): " + decisions.entrySet().stream()
            .filter(e -> e.getValue() > 1).toList())
        .isLessThanOrEqualTo(1);
  }

  /**
   * One sweep report per firing of the cron. While both hubs ran, two runs of one firing would have started within
   * moments of each other; over the whole test there are no more reports than firings (a firing the killed hub had
   * taken runs late on the other, once Quartz sees the hub gone, and still once).
   */
  private static List<Instant> sweepStarts(Catalog catalog) {
    List<Instant> starts = new ArrayList<>();
    try (Connection c = catalog.dataSource().getConnection();
        PreparedStatement st = c.prepareStatement("select started_at from sweep_reports order by started_at");
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        starts.add(rs.getTimestamp(1).toInstant());
      }
      c.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return starts;
  }

  private static void assertSweptOncePerFiring(Catalog catalog, Instant killedAt) {
    List<Instant> starts = sweepStarts(catalog);
    assertThat(starts.size()).as("sweeps on " + SWEEP_CRON + ": " + starts).isGreaterThanOrEqualTo(3);
    for (int i = 1; i < starts.size() && starts.get(i).isBefore(killedAt); i++) {
      assertThat(Duration.between(starts.get(i - 1), starts.get(i)))
          .as("sweeps started at " + starts).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }
    long firings = Duration.between(starts.get(0), starts.get(starts.size() - 1)).toSeconds() / 6 + 2;
    assertThat(starts.size()).as("no more sweeps than firings of " + SWEEP_CRON + ": " + starts)
        .isLessThanOrEqualTo((int) firings);
  }
}
