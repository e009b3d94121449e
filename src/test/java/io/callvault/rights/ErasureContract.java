package io.callvault.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.CopyEntry;
import io.callvault.demo.EmbeddedS3Server;
import io.callvault.policy.ExpiryAction;
import io.callvault.policy.LegalBasis;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import io.callvault.retention.DelegatingS3Client;
import io.callvault.retention.HoldScope;
import io.callvault.retention.Holds;
import io.callvault.retention.RetentionSweeper;
import io.callvault.retention.SweepAction;
import io.callvault.retention.SweepReport;
import io.callvault.store.FakeS3;
import io.callvault.store.ObjectStore;
import io.callvault.store.S3Clients;
import io.callvault.store.S3Settings;
import io.callvault.testing.CatalogSeed;
import io.callvault.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * Erasure is checked, not assumed: against S3Proxy behind a client that can acknowledge deletes without
 * carrying them out, against an in-memory versioned S3 that keeps versions, and a real catalog database;
 * one subclass per database.
 */
abstract class ErasureContract {
  static final Instant CALL = Instant.parse("2024-03-15T14:22:33Z");
  static final Instant INGESTED = CALL.plusSeconds(150);
  static final String SUBJECT = "5f0c9b7ad1e2c3b4a5968778695a4b3c2d1e0f9e8d7c6b5a4938271605f4e3d2";
  static final String OTHER = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  static final String REQUEST = "erasure request (Art. 17)";
  static final AtomicInteger RUN = new AtomicInteger();
  static final ObjectMapper JSON = new ObjectMapper();

  static EmbeddedS3Server server;
  static S3Client realS3;

  @TempDir Path tmp;

  Catalog catalog;
  DelegatingS3Client s3;
  ObjectStore store;
  MutableClock clock;
  Holds holds;
  AuditTrail audit;
  Purpose training;
  Purpose quality;
  Purpose legal;
  PolicySet policies;
  Erasure erasure;
  RetentionSweeper sweeper;

  abstract CatalogSettings freshSettings();

  @BeforeAll
  static void startS3() throws IOException {
    server = new EmbeddedS3Server(null).start();
    realS3 = S3Clients.build(S3Settings.compatible(server.endpoint(), "eu-west-1", server.accessKey(),
        server.secretKey()));
  }

  @AfterAll
  static void stopS3() {
    if (realS3 != null) {
      realS3.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void setUp() {
    catalog = Catalog.open(freshSettings());
    s3 = new DelegatingS3Client(realS3);
    clock = new MutableClock(INGESTED);
    holds = new Holds(catalog, clock);
    audit = new AuditTrail(catalog, clock);
    int n = RUN.incrementAndGet();
    training = CatalogSeed.purpose("training", LegalBasis.CONSENT, Period.ofMonths(6), "e" + n + "-training",
        ExpiryAction.DELETE, null);
    quality = CatalogSeed.purpose("quality", LegalBasis.LEGITIMATE_INTEREST, Period.ofMonths(6),
        "e" + n + "-quality", ExpiryAction.ANONYMISE, null);
    legal = CatalogSeed.purpose("legal", LegalBasis.LEGAL_OBLIGATION, Period.ofYears(5), "e" + n + "-legal",
        ExpiryAction.DELETE, null);
    policies = new PolicySet(List.of(training, quality, legal));
    for (Purpose p : policies.purposes()) {
      new ObjectStore(realS3).ensureBucket(p.bucket());
    }
    use(new ObjectStore(s3));
  }

  /** Erasure and sweep over {@code objectStore}. */
  void use(ObjectStore objectStore) {
    store = objectStore;
    erasure = new Erasure(catalog, store, holds, policies, audit, clock);
    sweeper = new RetentionSweeper(catalog, store, holds, policies, clock, erasure);
  }

  @AfterEach
  void tearDown() {
    if (catalog != null) {
      catalog.close();
    }
  }

  // ---------------------------------------------------------------- acknowledged but not done

  @Test
  void aDeleteS3AcknowledgedButDidNotCarryOutLeavesTheCopyErasePendingUntilASweepConfirmsIt() throws Exception {
    ingest("rec_e1", SUBJECT, training, quality, legal);
    s3.acknowledgeDeletesWithoutDeleting = true;

    Erasure.Report first = erasure.eraseSubject(SUBJECT, "dpo", REQUEST);

    Map<String, Erasure.CopyResult> outcome = byPurpose(first);
    for (Purpose p : List.of(training, quality)) {
      assertThat(outcome.get(p.name()).outcome()).isEqualTo(Erasure.ERASE_PENDING);
      assertThat(outcome.get(p.name()).reason()).contains("still there", "s3://" + p.bucket() + "/", "retries");
      assertThat(catalog.findCopy("rec_e1", p.name()).orElseThrow().state()).isEqualTo(CopyEntry.ERASE_PENDING);
      assertThat(store.exists(p.bucket(), CatalogSeed.key("rec_e1"))).isTrue();
    }
    assertThat(outcome.get("legal").outcome()).isEqualTo(Erasure.KEPT);
    assertThat(count("select count(*) from tombstones")).as("no tombstone for what is still there").isZero();
    assertThat(column("select reason from unfinished_erasures where status = 'PENDING' order by purpose"))
        .hasSize(2).allMatch(r -> r.contains("still there"));
    assertThat(column("select reason from audit_log where action = 'ERASURE'"))
        .containsExactly("certificate " + first.certificateId() + " sha256 " + first.contentHash()
            + ": 0 erased, 2 pending, 1 kept or gone");

    SweepReport stillLying = sweeper.sweep(false);
    assertThat(stillLying.total(SweepAction.ERASE)).isZero();
    assertThat(stillLying.errors()).hasSize(2).allMatch(e -> e.contains("still there"));
    SweepReport dry = sweeper.sweep(true);
    assertThat(dry.total(SweepAction.ERASE)).as("a dry run counts what it would retry").isEqualTo(2);

    s3.acknowledgeDeletesWithoutDeleting = false;
    SweepReport fixed = sweeper.sweep(false);

    assertThat(fixed.count("training", SweepAction.ERASE)).isEqualTo(1);
    assertThat(fixed.count("quality", SweepAction.ERASE)).isEqualTo(1);
    assertThat(fixed.errors()).isEmpty();
    for (Purpose p : List.of(training, quality)) {
      assertThat(catalog.findCopy("rec_e1", p.name()).orElseThrow().state()).isEqualTo(CopyEntry.ERASED);
      assertThat(store.exists(p.bucket(), CatalogSeed.key("rec_e1"))).isFalse();
    }
    assertThat(rows("select purpose, action, reason, sweep_id, versioning from tombstones order by purpose"))
        .extracting(r -> r.get("versioning") + " " + r.get("action") + " " + r.get("reason"))
        .containsOnly("NOT_SUPPORTED ERASE " + REQUEST).hasSize(2);
    assertThat(count("select count(*) from unfinished_erasures")).isZero();
    Erasure.Report reissued = latestCertificate(first.requestId());
    assertThat(reissued.supersedes()).isEqualTo(first.certificateId());
    assertThat(byPurpose(reissued).get("training").outcome()).isEqualTo(Erasure.ERASED);
    assertThat(byPurpose(reissued).get("quality").outcome()).isEqualTo(Erasure.ERASED);
    assertThat(byPurpose(reissued).get("legal").outcome()).isEqualTo(Erasure.KEPT);
    assertThat(sweeper.sweep(false).total(SweepAction.ERASE)).as("done once").isZero();
  }

  @Test
  void anUnreachableS3LeavesTheCopyErasePendingWithTheReasonAndARepeatedRequestFinishesIt() throws Exception {
    ingest("rec_e2", SUBJECT, training);
    s3.deletesUnreachable = true;

    Erasure.Report first = erasure.eraseSubject(SUBJECT, "dpo", REQUEST);

    assertThat(byPurpose(first).get("training").outcome()).isEqualTo(Erasure.ERASE_PENDING);
    assertThat(byPurpose(first).get("training").reason()).contains("Connection refused");

    s3.deletesUnreachable = false;
    Erasure.Report again = erasure.eraseSubject(SUBJECT, "dpo", REQUEST);

    assertThat(byPurpose(again).get("training").outcome()).isEqualTo(Erasure.ERASED);
    assertThat(store.exists(training.bucket(), CatalogSeed.key("rec_e2"))).isFalse();
    // the first request learns it at the next sweep, which erases nothing itself
    assertThat(sweeper.sweep(false).total(SweepAction.ERASE)).isZero();
    assertThat(byPurpose(latestCertificate(first.requestId())).get("training").outcome()).isEqualTo(Erasure.ERASED);
    assertThat(count("select count(*) from unfinished_erasures")).isZero();
    assertThat(count("select count(*) from tombstones")).isEqualTo(1);
  }

  // ---------------------------------------------------------------- versions left behind

  @Test
  void versionsLeftBehindKeepTheErasurePendingAndTheTombstoneNamesTheVersioningFound() throws Exception {
    Map<BucketVersioningStatus, String> expected = new java.util.LinkedHashMap<>();
    expected.put(BucketVersioningStatus.ENABLED, "VERSIONED");
    expected.put(BucketVersioningStatus.SUSPENDED, "SUSPENDED");
    expected.put(null, "UNVERSIONED");
    int i = 0;
    for (Map.Entry<BucketVersioningStatus, String> e : expected.entrySet()) {
      String id = "rec_v" + (++i);
      String subject = "abcdef" + String.format("%058x", i);
      FakeS3 fake = new FakeS3(e.getKey());
      use(new ObjectStore(fake));
      ingest(id, subject, training);
      String key = CatalogSeed.key(id);
      if (e.getKey() != null) {
        fake.put(key, "dm-old", true); // an earlier plain delete: a HEAD finds nothing, a version is still kept
      }
      fake.stubborn.add(key);

      Erasure.CopyResult pending = byPurpose(erasure.eraseSubject(subject, "dpo", REQUEST)).get("training");

      assertThat(pending.outcome()).as(e.getValue()).isEqualTo(Erasure.ERASE_PENDING);
      assertThat(pending.reason()).as(e.getValue()).contains(e.getKey() == null ? "still there"
          : "1 version and 1 delete marker left");
      fake.stubborn.clear();
      assertThat(sweeper.sweep(false).count("training", SweepAction.ERASE)).as(e.getValue()).isEqualTo(1);
      assertThat(fake.versionsOf(key)).as(e.getValue()).isEmpty();
      assertThat(row("select versioning from tombstones where recording_id = '" + id + "'").get("versioning"))
          .isEqualTo(e.getValue());
    }
  }

  // ---------------------------------------------------------------- holds

  @Test
  void aWithdrawalAHoldKeptIsAppliedWhenTheHoldIsReleasedAndItsReplayAnswersTheNewResult() throws Exception {
    ingest("rec_h1", SUBJECT, training, quality);
    String byRecording = holds.place(HoldScope.RECORDING, "rec_h1", "dispute 42", "dpo", INGESTED.plus(Duration.ofDays(30)));
    String bySubject = holds.place(HoldScope.SUBJECT, SUBJECT, "litigation", "legal", INGESTED.plus(Duration.ofDays(30)));

    Map<String, Object> first = erasure.consentEvent("evt-7", SUBJECT, "withdrawal", "training");

    Erasure.Report kept = (Erasure.Report) first.get("result");
    assertThat(kept.copies()).singleElement().satisfies(c -> {
      assertThat(c.outcome()).isEqualTo(Erasure.KEPT);
      assertThat(c.reason()).contains("17(3)(e)", "once no hold covers it");
    });
    holds.release(byRecording, "dpo");
    assertThat(catalog.findCopy("rec_h1", "training").orElseThrow().state()).as("the subject hold still covers it")
        .isEqualTo(CopyEntry.STORED);

    clock.advance(Duration.ofMinutes(5));
    holds.release(bySubject, "legal");

    assertThat(catalog.findCopy("rec_h1", "training").orElseThrow().state()).isEqualTo(CopyEntry.ERASED);
    assertThat(catalog.findCopy("rec_h1", "quality").orElseThrow().state()).isEqualTo(CopyEntry.STORED);
    assertThat(store.exists(training.bucket(), CatalogSeed.key("rec_h1"))).isFalse();
    Map<String, Object> replay = erasure.consentEvent("evt-7", SUBJECT, "withdrawal", "training");
    assertThat(replay.get("replayed")).isEqualTo(true);
    JsonNode result = (JsonNode) replay.get("result");
    assertThat(result.get("supersedes").asText()).isEqualTo(kept.certificateId());
    assertThat(result.get("copies").get(0).get("outcome").asText()).isEqualTo(Erasure.ERASED);
    assertThat(result.get("issuedAt").asText()).isEqualTo(clock.instant().toString());
    // the stored certificate is exactly what was hashed
    Map<String, String> cert = row("select certificate, content_hash from erasure_certificates where id = '"
        + result.get("certificateId").asText() + "'");
    assertThat(sha256(cert.get("certificate"))).isEqualTo(cert.get("content_hash"))
        .isEqualTo(result.get("contentHash").asText());
    List<String> keys = new ArrayList<>();
    JSON.readTree(cert.get("certificate")).fieldNames().forEachRemaining(keys::add);
    assertThat(keys).as("keys sorted").isSorted().contains("contentHash", "supersedes", "requestId");
    assertThat(count("select count(*) from unfinished_erasures")).isZero();
  }

  @Test
  void thePreviewSaysWhatAnErasureWouldDoAndWhyAndChangesNothingThenTheErasureDoesJustThat() throws Exception {
    ingest("rec_p1", SUBJECT, training, quality, legal);
    ingest("rec_p2", SUBJECT, training);
    String hold = holds.place(HoldScope.RECORDING, "rec_p2", "dispute 7", "dpo", INGESTED.plus(Duration.ofDays(30)));
    long auditBefore = count("select count(*) from audit_log");

    List<Erasure.CopyResult> preview = erasure.preview(SUBJECT, REQUEST);

    Map<String, String> outcomes = new TreeMap<>();
    preview.forEach(c -> outcomes.put(c.recordingId() + "/" + c.purpose(), c.outcome() + ": " + c.reason()));
    assertThat(outcomes).containsOnlyKeys("rec_p1/training", "rec_p1/quality", "rec_p1/legal", "rec_p2/training");
    assertThat(outcomes.get("rec_p1/training")).isEqualTo(Erasure.WOULD_ERASE + ": " + REQUEST);
    assertThat(outcomes.get("rec_p1/quality")).startsWith(Erasure.WOULD_ERASE);
    assertThat(outcomes.get("rec_p1/legal")).startsWith(Erasure.KEPT).contains("17(3)(b)");
    assertThat(outcomes.get("rec_p2/training")).startsWith(Erasure.KEPT).contains("17(3)(e)", hold);
    assertThat(catalog.findCopy("rec_p1", "training").orElseThrow().state()).as("nothing erased").isEqualTo(CopyEntry.STORED);
    assertThat(store.exists(training.bucket(), CatalogSeed.key("rec_p1"))).isTrue();
    assertThat(count("select count(*) from erasure_certificates")).as("no certificate").isZero();
    assertThat(count("select count(*) from unfinished_erasures")).as("nothing deferred").isZero();
    assertThat(count("select count(*) from audit_log")).isEqualTo(auditBefore);

    Map<String, String> done = new TreeMap<>();
    erasure.eraseSubject(SUBJECT, "dpo", REQUEST).copies().forEach(c -> done.put(c.recordingId() + "/" + c.purpose(),
        c.outcome()));
    assertThat(done).containsEntry("rec_p1/training", Erasure.ERASED).containsEntry("rec_p1/quality", Erasure.ERASED)
        .containsEntry("rec_p1/legal", Erasure.KEPT).containsEntry("rec_p2/training", Erasure.KEPT);
  }

  @Test
  void anObjectionErasesTheLegitimateInterestCopyAndLeavesTheConsentAndLegalObligationOnes() throws Exception {
    ingest("rec_o1", SUBJECT, training, quality, legal);

    Map<String, Object> answer = erasure.consentEvent("evt-o1", SUBJECT, "objection", null);

    assertThat(byPurpose((Erasure.Report) answer.get("result")).get("quality").outcome()).isEqualTo(Erasure.ERASED);
    assertThat(catalog.findCopy("rec_o1", "quality").orElseThrow().state()).isEqualTo(CopyEntry.ERASED);
    assertThat(store.exists(quality.bucket(), CatalogSeed.key("rec_o1"))).isFalse();
    assertThat(catalog.findCopy("rec_o1", "training").orElseThrow().state()).isEqualTo(CopyEntry.STORED);
    assertThat(catalog.findCopy("rec_o1", "legal").orElseThrow().state()).isEqualTo(CopyEntry.STORED);
  }

  @Test
  void aHoldPlacedWhileAnErasureIsPendingStopsItsRetryUntilTheHoldIsReleased() throws Exception {
    ingest("rec_h2", SUBJECT, training);
    s3.acknowledgeDeletesWithoutDeleting = true;
    erasure.eraseSubject(SUBJECT, "dpo", REQUEST);
    String hold = holds.place(HoldScope.RECORDING, "rec_h2", "regulator inquiry", "dpo", INGESTED.plus(Duration.ofDays(9)));
    s3.acknowledgeDeletesWithoutDeleting = false;

    SweepReport held = sweeper.sweep(false);

    assertThat(held.total(SweepAction.ERASE)).isZero();
    assertThat(held.notes()).anyMatch(n -> n.contains("rec_h2/training") && n.contains("legal hold"));
    assertThat(store.exists(training.bucket(), CatalogSeed.key("rec_h2"))).isTrue();

    holds.release(hold, "dpo");

    assertThat(catalog.findCopy("rec_h2", "training").orElseThrow().state()).isEqualTo(CopyEntry.ERASED);
    assertThat(store.exists(training.bucket(), CatalogSeed.key("rec_h2"))).isFalse();
  }

  // ---------------------------------------------------------------- event ids

  @Test
  void reusingAnEventIdForAnotherSubjectOrAnotherBodyIsAConflictAndChangesNothing() throws Exception {
    ingest("rec_c1", SUBJECT, training, quality);
    ingest("rec_c2", OTHER, training, quality);
    Map<String, Object> first = erasure.consentEvent("evt-9", SUBJECT, "withdrawal", "training");

    assertThatThrownBy(() -> erasure.consentEvent("evt-9", OTHER, "withdrawal", "training"))
        .isInstanceOf(EventIdConflictException.class).hasMessageContaining("evt-9").hasMessageContaining("new event id");
    assertThatThrownBy(() -> erasure.consentEvent("evt-9", SUBJECT, "objection", null))
        .isInstanceOf(EventIdConflictException.class);
    assertThatThrownBy(() -> erasure.consentEvent("evt-9", SUBJECT, "withdrawal", "quality"))
        .isInstanceOf(EventIdConflictException.class);

    assertThat(catalog.copiesOf("rec_c2")).allSatisfy(c -> assertThat(c.state()).isEqualTo(CopyEntry.STORED));
    assertThat(catalog.findCopy("rec_c1", "quality").orElseThrow().state()).isEqualTo(CopyEntry.STORED);
    assertThat(catalog.withdrawals(OTHER)).isEmpty();
    Map<String, Object> replay = erasure.consentEvent("evt-9", SUBJECT, "withdrawal", "training");
    assertThat(replay.get("replayed")).isEqualTo(true);
    assertThat(((JsonNode) replay.get("result")).get("certificateId").asText())
        .isEqualTo(((Erasure.Report) first.get("result")).certificateId());
  }

  // ---------------------------------------------------------------- fixture

  void ingest(String id, String subjectKey, Purpose... purposes) throws IOException, SQLException {
    CatalogSeed.ingest(catalog, store, tmp, INGESTED, id, subjectKey, null, null, CALL, purposes);
  }

  static Map<String, Erasure.CopyResult> byPurpose(Erasure.Report report) {
    Map<String, Erasure.CopyResult> out = new TreeMap<>();
    report.copies().forEach(c -> out.put(c.purpose(), c));
    return out;
  }

  Erasure.Report latestCertificate(String requestId) throws Exception {
    String body = row("select certificate from erasure_certificates where request_id = '" + requestId
        + "' and superseded_by is null").get("certificate");
    return JSON.readValue(body, Erasure.Report.class);
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  long count(String sql) throws SQLException {
    return Long.parseLong(row(sql).values().iterator().next());
  }

  List<String> column(String sql) throws SQLException {
    return rows(sql).stream().map(r -> r.values().iterator().next()).toList();
  }

  Map<String, String> row(String sql) throws SQLException {
    List<Map<String, String>> rows = rows(sql);
    assertThat(rows).as("one row for " + sql).hasSize(1);
    return rows.get(0);
  }

  List<Map<String, String>> rows(String sql) throws SQLException {
    List<Map<String, String>> out = new ArrayList<>();
    try (Connection c = catalog.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        Map<String, String> row = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
          row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getString(i));
        }
        out.add(row);
      }
      c.rollback();
    }
    return out;
  }
}
