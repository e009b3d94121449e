package io.callvault.retention;

import io.callvault.testing.CatalogSeed;
import io.callvault.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.RecordingEntry;
import io.callvault.catalog.SweepReports;
import io.callvault.demo.EmbeddedS3Server;
import io.callvault.policy.ExpiryAction;
import io.callvault.policy.LegalBasis;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import io.callvault.policy.PurposePolicy;
import io.callvault.store.ObjectStore;
import io.callvault.store.S3Clients;
import io.callvault.store.S3Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
import software.amazon.awssdk.services.s3.model.S3Object;

/** The retention sweep against S3Proxy and a real catalog database; one subclass per database. */
abstract class RetentionSweeperContract {

  /** A call at 14:22:33 UTC: the time of day is an identifier and must not survive anonymisation. */
  static final Instant CALL = Instant.parse("2024-03-15T14:22:33.123456Z");
  static final Instant INGESTED = CALL.plusSeconds(150);
  static final String SUBJECT = "5f0c9b7ad1e2c3b4a5968778695a4b3c2d1e0f9e8d7c6b5a4938271605f4e3d2";
  static final AtomicInteger RUN = new AtomicInteger();

  static EmbeddedS3Server server;
  static S3Client realS3;

  @TempDir Path tmp;

  CatalogSettings settings;
  Catalog catalog;
  DelegatingS3Client s3;
  ObjectStore store;
  MutableClock clock;
  Holds holds;
  Purpose training;
  Purpose quality;
  Purpose legal;
  PolicySet policies;
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
    settings = freshSettings();
    catalog = Catalog.open(settings);
    s3 = new DelegatingS3Client(realS3);
    store = new ObjectStore(s3);
    clock = new MutableClock(INGESTED);
    holds = new Holds(catalog, clock);
    int n = RUN.incrementAndGet();
    training = purpose("training", LegalBasis.CONSENT, Period.ofMonths(6), "r" + n + "-training",
        ExpiryAction.DELETE, null);
    quality = purpose("quality", LegalBasis.LEGITIMATE_INTEREST, Period.ofMonths(6), "r" + n + "-quality",
        ExpiryAction.ANONYMISE, null);
    legal = purpose("legal", LegalBasis.LEGAL_OBLIGATION, Period.ofYears(5), "r" + n + "-legal",
        ExpiryAction.DELETE, null);
    usePolicies(training, quality, legal);
  }

  @AfterEach
  void tearDown() {
    if (catalog != null) {
      catalog.close();
    }
  }

  // ---------------------------------------------------------------- delete

  @Test
  void expiredCopyIsDeletedWithItsObjectAndLeavesATombstoneWhileUnexpiredCopiesStay() throws Exception {
    ingest("rec_a1", SUBJECT, "1710512553.42", "case-1", CALL, training, legal);

    clock.set(INGESTED.plus(java.time.Duration.ofDays(30)));
    SweepReport early = sweeper.sweep(false);
    assertThat(early.total(SweepAction.DELETE)).isZero();
    assertThat(objectExists(training, "rec_a1")).isTrue();

    clock.advance(Period.ofMonths(6));
    SweepReport report = sweeper.sweep(false);

    assertThat(report.count("training", SweepAction.DELETE)).isEqualTo(1);
    assertThat(report.count("legal", SweepAction.DELETE)).isZero();
    assertThat(report.errors()).isEmpty();
    assertThat(objectExists(training, "rec_a1")).isFalse();
    assertThat(objectExists(legal, "rec_a1")).isTrue();
    assertThat(catalog.findCopy("rec_a1", "training").orElseThrow().state()).isEqualTo(CopyEntry.DELETED);
    assertThat(catalog.findCopy("rec_a1", "legal").orElseThrow().state()).isEqualTo(CopyEntry.STORED);

    Map<String, String> tomb = row("select purpose, bucket, object_key, action, legal_basis, reason, sweep_id"
        + " from tombstones where recording_id = 'rec_a1'");
    assertThat(tomb).containsEntry("purpose", "training").containsEntry("bucket", training.bucket())
        .containsEntry("object_key", key("rec_a1")).containsEntry("action", "DELETE")
        .containsEntry("legal_basis", "consent").containsEntry("sweep_id", report.id());
    assertThat(tomb.get("reason")).contains("P6M").contains("training").doesNotContain(SUBJECT);
    // the legal copy still needs to know whose call it is
    assertThat(catalog.findRecording("rec_a1").orElseThrow().subjectKey()).isEqualTo(SUBJECT);

    assertThat(new SweepReports(catalog).latest().orElseThrow()).isEqualTo(report);
    assertThat(report.render()).contains("training").contains("delete").contains(report.id());

    SweepReport again = sweeper.sweep(false);
    assertThat(again.total(SweepAction.DELETE)).as("a second sweep finds nothing more to do").isZero();
  }

  // ---------------------------------------------------------------- anonymise

  @Test
  void anonymiseLeavesAStatisticsRecordNoAudioAndNoIdentifierInAnyCatalogTable() throws Exception {
    ingest("rec_b2", SUBJECT, "1710512553.42", "case-77", CALL, training, quality);
    List<String> identifiers = List.of(SUBJECT, "1710512553.42", "case-77", "rec_b2", "14:2");
    assertThat(catalogText()).as("the seeded catalog holds the identifiers").contains(identifiers);

    clock.set(Instant.parse("2024-10-20T09:00:00Z"));
    SweepReport report = sweeper.sweep(false);

    assertThat(report.count("quality", SweepAction.ANONYMISE)).isEqualTo(1);
    assertThat(report.count("training", SweepAction.DELETE)).isEqualTo(1);
    assertThat(objectExists(quality, "rec_b2")).isFalse();
    assertThat(objectExists(training, "rec_b2")).isFalse();

    Map<String, String> stats = row("select call_day, duration_seconds, direction, call_type, purpose,"
        + " disposition, source_id from call_statistics");
    assertThat(stats).containsEntry("purpose", "quality").containsEntry("direction", "INBOUND")
        .containsEntry("duration_seconds", "125").containsEntry("disposition", "ANSWERED")
        .containsEntry("source_id", "pbx-paris").containsEntry("call_type", "in");
    assertThat(stats.get("call_day")).startsWith("2024-03-15");
    assertThat(count("select count(*) from call_statistics")).isEqualTo(1);

    String text = catalogText();
    for (String identifier : identifiers) {
      assertThat(text).as("no trace of " + identifier).doesNotContain(identifier);
    }
    Map<String, String> rec = row("select id, state, subject_key, unique_id, case_id, start_time from recordings");
    assertThat(rec.get("id")).startsWith("anon_");
    assertThat(rec.get("subject_key")).isNull();
    assertThat(rec.get("unique_id")).isNull();
    assertThat(rec.get("case_id")).isNull();
    assertThat(rec.get("start_time")).startsWith("2024-03-15 00:00:00");
    assertThat(catalog.copiesOf(rec.get("id"))).extracting(CopyEntry::state)
        .containsExactlyInAnyOrder(CopyEntry.DELETED, CopyEntry.ANONYMISED);
    assertThat(count("select count(*) from tombstones where recording_id = '" + rec.get("id") + "'")).isEqualTo(2);
  }

  // ---------------------------------------------------------------- holds

  @Test
  void holdsOnARecordingASubjectOrACaseBlockTheSweepAndTheirReleaseLetsItThrough() throws Exception {
    ingest("rec_h1", null, "1.1", null, CALL, training);
    ingest("rec_h2", SUBJECT, "1.2", null, CALL, training);
    ingest("rec_h3", null, "1.3", "case-9", CALL, training);
    ingest("rec_h4", null, "1.4", null, CALL, training);
    Instant review = INGESTED.plus(java.time.Duration.ofDays(60));
    String h1 = holds.place(HoldScope.RECORDING, "rec_h1", "dispute 42", "dpo", review);
    String h2 = holds.place(HoldScope.SUBJECT, SUBJECT, "litigation", "legal team", review);
    String h3 = holds.place(HoldScope.CASE, "case-9", "regulator inquiry", "legal team",
        INGESTED.plus(java.time.Duration.ofDays(3650)));
    assertThat(holds.isHeld("rec_h1")).isTrue();
    assertThat(holds.isHeld("rec_h2")).isTrue();
    assertThat(holds.isHeld("rec_h3")).isTrue();
    assertThat(holds.isHeld("rec_h4")).isFalse();

    clock.advance(Period.ofMonths(7));
    SweepReport held = sweeper.sweep(false);

    assertThat(held.count("training", SweepAction.DELETE)).isEqualTo(1);
    assertThat(held.count("training", SweepAction.HELD)).isEqualTo(3);
    for (String id : List.of("rec_h1", "rec_h2", "rec_h3")) {
      assertThat(objectExists(training, id)).as(id).isTrue();
      assertThat(catalog.findCopy(id, "training").orElseThrow().state()).isEqualTo(CopyEntry.STORED);
    }
    assertThat(objectExists(training, "rec_h4")).isFalse();
    assertThat(held.overdueHolds()).hasSize(2).anyMatch(l -> l.startsWith(h1)).anyMatch(l -> l.startsWith(h2));
    assertThat(held.render()).contains("holds past their review date").contains(h1);

    holds.release(h1, "dpo");
    holds.release(h2, "legal team");
    holds.release(h3, "legal team");
    SweepReport released = sweeper.sweep(false);

    assertThat(released.count("training", SweepAction.DELETE)).isEqualTo(3);
    assertThat(released.total(SweepAction.HELD)).isZero();
    assertThat(released.overdueHolds()).isEmpty();
    for (String id : List.of("rec_h1", "rec_h2", "rec_h3")) {
      assertThat(objectExists(training, id)).as(id).isFalse();
    }
  }

  // ---------------------------------------------------------------- dry run

  @Test
  void dryRunReportsWhatWouldHappenAndChangesNothing() throws Exception {
    usePolicies(training, withPseudonymiseAfter(quality, Period.ofDays(30)), legal);
    ingest("rec_d1", SUBJECT, "2.1", null, CALL, training, legal);
    ingest("rec_d2", SUBJECT, "2.2", null, CALL, quality);
    ingest("rec_d3", SUBJECT, "2.3", null, CALL.plus(java.time.Duration.ofDays(140)), quality);
    holds.place(HoldScope.RECORDING, "rec_d1", "dispute", "dpo", INGESTED);
    ingest("rec_d4", null, "2.4", null, CALL, training);
    clock.advance(Period.ofMonths(6));
    clock.set(clock.instant().plus(java.time.Duration.ofDays(2)));

    String catalogBefore = catalogText();
    List<String> objectsBefore = allObjects();
    SweepReport dry = sweeper.sweep(true);

    assertThat(catalogText()).isEqualTo(catalogBefore);
    assertThat(allObjects()).isEqualTo(objectsBefore);
    assertThat(s3.deleteRequests.get()).isZero();
    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.count("training", SweepAction.DELETE)).isEqualTo(1);
    assertThat(dry.count("training", SweepAction.HELD)).isEqualTo(1);
    assertThat(dry.count("quality", SweepAction.ANONYMISE)).isEqualTo(1);
    assertThat(dry.count("quality", SweepAction.PSEUDONYMISE)).isEqualTo(1);
    assertThat(dry.render()).contains("dry run").contains("would delete").contains("would anonymise");
    assertThat(new SweepReports(catalog).latest()).isEmpty();

    SweepReport real = sweeper.sweep(false);
    assertThat(real.counts()).isEqualTo(dry.counts());
  }

  // ---------------------------------------------------------------- crash and resume

  @Test
  void aCrashMidSweepFollowedByARerunEndsConsistentWithoutDoubleCounting() throws Exception {
    seedDirect(30, training, 30, 0);
    clock.advance(Period.ofMonths(7));
    s3.crashAfterDeleteRequest = 2;

    assertThatThrownBy(() -> sweeper.sweep(false, 10)).hasMessageContaining("simulated crash");

    // the second batch's objects are gone but its copies are not marked: they carry intents instead
    assertThat(countState(CopyEntry.DELETED)).isEqualTo(10);
    assertThat(count("select count(*) from retention_intents")).isEqualTo(10);
    assertThat(liveKeys(training)).hasSize(10);
    assertNoCopyMarkedErasedWhileItsObjectExists(training);
    SweepReport crashed = new SweepReports(catalog).latest().orElseThrow();
    assertThat(crashed.errors()).anyMatch(e -> e.contains("sweep aborted"));
    assertThat(crashed.count("training", SweepAction.DELETE)).isEqualTo(10);

    s3.crashAfterDeleteRequest = -1;
    SweepReport rerun = sweeper.sweep(false, 10);

    assertThat(rerun.errors()).isEmpty();
    assertThat(rerun.count("training", SweepAction.DELETE)).isEqualTo(20);
    assertThat(countState(CopyEntry.DELETED)).isEqualTo(30);
    assertThat(countState(CopyEntry.STORED)).isZero();
    assertThat(count("select count(*) from tombstones")).isEqualTo(30);
    assertThat(count("select count(*) from retention_intents")).isZero();
    assertThat(liveKeys(training)).isEmpty();
    assertThat(sweeper.sweep(false, 10).total(SweepAction.DELETE)).isZero();
  }

  // ---------------------------------------------------------------- deletes checked, not assumed

  @Test
  void aDeleteS3AcknowledgedButDidNotCarryOutLeavesNoTombstoneAndTheNextSweepRetriesIt() throws Exception {
    ingest("rec_l1", SUBJECT, "4.1", null, CALL, training);
    clock.advance(Period.ofMonths(7));
    s3.acknowledgeDeletesWithoutDeleting = true;

    SweepReport lied = sweeper.sweep(false);

    assertThat(lied.count("training", SweepAction.DELETE)).isZero();
    assertThat(lied.errors()).singleElement().satisfies(e -> assertThat(e)
        .contains(key("rec_l1"), "still there", "the next sweep retries"));
    assertThat(catalog.findCopy("rec_l1", "training").orElseThrow().state()).isEqualTo(CopyEntry.STORED);
    assertThat(count("select count(*) from tombstones")).isZero();
    assertThat(count("select count(*) from retention_intents")).isEqualTo(1);
    assertThat(objectExists(training, "rec_l1")).isTrue();

    s3.acknowledgeDeletesWithoutDeleting = false;
    SweepReport retried = sweeper.sweep(false);

    assertThat(retried.count("training", SweepAction.DELETE)).isEqualTo(1);
    assertThat(retried.errors()).isEmpty();
    assertThat(catalog.findCopy("rec_l1", "training").orElseThrow().state()).isEqualTo(CopyEntry.DELETED);
    assertThat(objectExists(training, "rec_l1")).isFalse();
    assertThat(count("select count(*) from retention_intents")).isZero();
    assertThat(row("select versioning from tombstones where recording_id = 'rec_l1'"))
        .as("S3Proxy does not implement versioning, and the tombstone says so").containsEntry("versioning", "NOT_SUPPORTED");
  }

  @Test
  void aBatchCheckedByListingItsFolderKeepsWhatSharesTheFolderAndRetriesTheKeyTheServerKept() throws Exception {
    seedDirect(100, training, 100, 0);
    Path other = Files.writeString(tmp.resolve("other.gpg"), "x");
    List<String> others = new ArrayList<>();
    for (int i = 0; i < 100; i += 2) { // not expired, not in this sweep, between the batch's keys
      others.add(key(String.format("rec_%06d-other", i)));
      store.putVerified(training.bucket(), others.get(others.size() - 1), other, Map.of());
    }
    clock.advance(Period.ofMonths(7));
    s3.keysNotDeleted.add(key("rec_000042"));
    int headsBefore = s3.headRequests.get();

    SweepReport report = sweeper.sweep(false);

    assertThat(report.count("training", SweepAction.DELETE)).isEqualTo(99);
    assertThat(report.errors()).singleElement().satisfies(e -> assertThat(e)
        .contains(key("rec_000042"), "still there", "the next sweep retries"));
    assertThat(s3.listRequests.get()).as("the batch was checked by listing its folder").isPositive();
    assertThat(s3.headRequests.get() - headsBefore).as("a HEAD only for the key the listing still showed")
        .isEqualTo(1);
    assertThat(catalog.findCopy("rec_000042", "training").orElseThrow().state()).isEqualTo(CopyEntry.STORED);
    assertThat(count("select count(*) from tombstones")).isEqualTo(99);
    assertThat(liveKeys(training)).containsExactlyInAnyOrderElementsOf(
        java.util.stream.Stream.concat(others.stream(), java.util.stream.Stream.of(key("rec_000042"))).toList());

    s3.keysNotDeleted.clear();
    SweepReport retried = sweeper.sweep(false);

    assertThat(retried.count("training", SweepAction.DELETE)).isEqualTo(1);
    assertThat(retried.errors()).isEmpty();
    assertThat(liveKeys(training)).containsExactlyInAnyOrderElementsOf(others);
    assertNoCopyMarkedErasedWhileItsObjectExists(training);
  }

  // ---------------------------------------------------------------- volume

  @Test
  void tenThousandExpiredCopiesAreSweptInBatchesOfMultiObjectDeletes() throws Exception {
    seedDirect(10_000, training, 200, 0);
    clock.advance(Period.ofMonths(7));

    long started = System.nanoTime();
    SweepReport report = sweeper.sweep(false, 1000);
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;

    assertThat(report.count("training", SweepAction.DELETE)).isEqualTo(10_000);
    assertThat(s3.deleteRequests.get()).as("per batch of 1000, four multi-object deletes of 250 in flight at once")
        .isEqualTo(40);
    assertThat(countState(CopyEntry.DELETED)).isEqualTo(10_000);
    assertThat(count("select count(*) from tombstones")).isEqualTo(10_000);
    assertThat(liveKeys(training)).isEmpty();
    assertThat(report.notes()).anyMatch(n -> n.contains("does not implement versioning"));
    assertThat(seconds).isLessThan(60);
  }

  // ---------------------------------------------------------------- pseudonymise-after

  @Test
  void pseudonymiseAfterClearsIdentifyingMetadataWhileTheCopyStays() throws Exception {
    Purpose pseudo = withPseudonymiseAfter(training, Period.ofDays(30));
    usePolicies(pseudo, quality, legal);
    ingest("rec_p1", SUBJECT, "3.1", "case-3", CALL, pseudo);
    ingest("rec_p2", SUBJECT, "3.2", null, CALL, pseudo, legal);

    clock.set(CALL.plus(java.time.Duration.ofDays(29)));
    assertThat(sweeper.sweep(false).total(SweepAction.PSEUDONYMISE)).isZero();

    clock.set(CALL.plus(java.time.Duration.ofDays(31)));
    SweepReport report = sweeper.sweep(false);

    assertThat(report.count("training", SweepAction.PSEUDONYMISE)).isEqualTo(1);
    RecordingEntry p1 = catalog.findRecording("rec_p1").orElseThrow();
    assertThat(p1.subjectKey()).isNull();
    assertThat(p1.uniqueId()).isNull();
    assertThat(p1.start()).isEqualTo(Instant.parse("2024-03-15T00:00:00Z"));
    assertThat(row("select case_id from recordings where id = 'rec_p1'").get("case_id")).isNull();
    assertThat(catalog.findCopy("rec_p1", "training").orElseThrow().state()).isEqualTo(CopyEntry.STORED);
    assertThat(catalog.findCopy("rec_p1", "training").orElseThrow().retainUntil())
        .isEqualTo(Instant.parse("2024-09-16T00:00:00Z"));
    assertThat(objectExists(pseudo, "rec_p1")).isTrue();
    // the legal copy has no pseudonymise-after: its recording keeps its identifiers
    assertThat(catalog.findRecording("rec_p2").orElseThrow().subjectKey()).isEqualTo(SUBJECT);

    assertThat(sweeper.sweep(false).total(SweepAction.PSEUDONYMISE)).as("done once").isZero();
  }

  // ---------------------------------------------------------------- fixture

  static Purpose purpose(String name, LegalBasis basis, Period retention, String bucket, ExpiryAction onExpiry,
      Period pseudonymiseAfter) {
    return CatalogSeed.purpose(name, basis, retention, bucket, onExpiry, pseudonymiseAfter);
  }

  static Purpose withPseudonymiseAfter(Purpose p, Period after) {
    return purpose(p.name(), p.legalBasis(), p.retention(), p.bucket(), p.onExpiry(), after);
  }

  void usePolicies(Purpose... purposes) {
    policies = new PolicySet(List.of(purposes));
    for (Purpose p : purposes) {
      new ObjectStore(realS3).ensureBucket(p.bucket());
    }
    sweeper = new RetentionSweeper(catalog, store, holds, policies, clock);
  }

  static String key(String recordingId) {
    return CatalogSeed.key(recordingId);
  }

  /** What ingest leaves behind: a recording, its decisions, one verified object and copy per purpose. */
  void ingest(String id, String subjectKey, String uniqueId, String caseId, Instant start, Purpose... purposes)
      throws IOException, SQLException {
    CatalogSeed.ingest(catalog, store, tmp, INGESTED, id, subjectKey, uniqueId, caseId, start, purposes);
  }

  /**
   * Seeds {@code n} recordings with one copy each straight into the catalog (batched inserts) and
   * uploads the objects of the first {@code uploaded}; the others count as already gone in S3.
   */
  void seedDirect(int n, Purpose p, int uploaded, int offset) throws Exception {
    Instant retainUntil = PurposePolicy.retainUntil(p, CALL);
    try (Connection c = catalog.dataSource().getConnection();
        PreparedStatement rec = c.prepareStatement("insert into recordings (id, source_id, unique_id, call_type,"
            + " direction, start_time, duration_seconds, state, subject_key, updated_at)"
            + " values (?, 'pbx-paris', ?, 'in', 'INBOUND', ?, 60, 'STORED', ?, ?)");
        PreparedStatement copy = c.prepareStatement("insert into copies (recording_id, purpose, legal_basis,"
            + " bucket, object_key, retain_until, plaintext_sha256, plaintext_size, ciphertext_sha256,"
            + " ciphertext_size, format, state, stored_at) values (?, ?, ?, ?, ?, ?, 'x', 1, 'y', 1, 'WAV_PCM',"
            + " 'STORED', ?)")) {
      OffsetDateTime start = OffsetDateTime.ofInstant(CALL, ZoneOffset.UTC);
      for (int i = 0; i < n; i++) {
        String id = String.format("rec_%06d", offset + i);
        rec.setString(1, id);
        rec.setString(2, "17.%d".formatted(i));
        rec.setObject(3, start);
        rec.setString(4, SUBJECT);
        rec.setObject(5, start);
        rec.addBatch();
        copy.setString(1, id);
        copy.setString(2, p.name());
        copy.setString(3, p.legalBasis().yamlName());
        copy.setString(4, p.bucket());
        copy.setString(5, key(id));
        copy.setObject(6, OffsetDateTime.ofInstant(retainUntil, ZoneOffset.UTC));
        copy.setObject(7, start);
        copy.addBatch();
        if (i % 1000 == 999 || i == n - 1) {
          rec.executeBatch();
          copy.executeBatch();
        }
      }
      c.commit();
    }
    Path file = Files.writeString(tmp.resolve("small.gpg"), "x");
    for (int i = 0; i < uploaded; i++) {
      store.putVerified(p.bucket(), key(String.format("rec_%06d", offset + i)), file, Map.of());
    }
  }

  boolean objectExists(Purpose p, String recordingId) {
    return store.exists(p.bucket(), key(recordingId));
  }

  List<String> liveKeys(Purpose p) {
    return realS3.listObjectsV2Paginator(b -> b.bucket(p.bucket())).contents().stream().map(S3Object::key)
        .toList();
  }

  List<String> allObjects() {
    List<String> out = new ArrayList<>();
    for (Purpose p : policies.purposes()) {
      liveKeys(p).forEach(k -> out.add(p.bucket() + "/" + k));
    }
    return out;
  }

  void assertNoCopyMarkedErasedWhileItsObjectExists(Purpose p) throws SQLException {
    List<String> live = liveKeys(p);
    try (Connection c = catalog.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select object_key from copies where state <> 'STORED'")) {
      while (rs.next()) {
        assertThat(live).as("object of an erased copy").doesNotContain(rs.getString(1));
      }
    }
  }

  long countState(String state) throws SQLException {
    return count("select count(*) from copies where state = '" + state + "'");
  }

  long count(String sql) throws SQLException {
    try (Connection c = catalog.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      long n = rs.getLong(1);
      c.rollback();
      return n;
    }
  }

  Map<String, String> row(String sql) throws SQLException {
    try (Connection c = catalog.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as("a row for " + sql).isTrue();
      Map<String, String> out = new TreeMap<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        out.put(rs.getMetaData().getColumnLabel(i).toLowerCase(java.util.Locale.ROOT), rs.getString(i));
      }
      c.rollback();
      return out;
    }
  }

  /** Every value of every catalog table (except Flyway's history), one line per row, sorted. */
  String catalogText() throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = catalog.dataSource().getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = meta.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME"));
        }
      }
      assertThat(tables).extracting(t -> t.toLowerCase(java.util.Locale.ROOT))
          .contains("recordings", "copies", "decisions", "tombstones", "call_statistics", "legal_holds");
      for (String table : tables) {
        if (table.toLowerCase(java.util.Locale.ROOT).contains("flyway")) {
          continue;
        }
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("select * from \"" + table + "\"")) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            StringBuilder b = new StringBuilder(table).append(':');
            for (int i = 1; i <= columns; i++) {
              b.append(' ').append(rs.getString(i));
            }
            lines.add(b.toString());
          }
        }
      }
      c.rollback();
    }
    lines.sort(null);
    return String.join("\n", lines);
  }

  static LocalDate day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }
}
