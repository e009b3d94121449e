package io.callvault.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The catalog's behaviour, run unchanged against every supported database. */
abstract class CatalogContract {

  static final Instant T0 = Instant.parse("2024-03-15T14:22:33.123456Z");

  CatalogSettings settings;
  Catalog catalog;

  /** Settings of a new, empty database (or schema). */
  abstract CatalogSettings freshSettings();

  @BeforeEach
  void openCatalog() {
    settings = freshSettings();
    catalog = Catalog.open(settings);
  }

  @AfterEach
  void closeCatalog() {
    if (catalog != null) {
      catalog.close();
    }
  }

  // ---------------------------------------------------------------- migration

  @Test
  void migrationCreatesEveryTableEmptyOnAFreshDatabase() throws SQLException {
    for (String table : List.of("recordings", "copies", "decisions", "drop_failures", "quarantine")) {
      assertThat(rows(table)).as(table).isZero();
    }
    assertThat(scalar("select count(*) from \"flyway_schema_history\" where \"success\" = true and \"version\" = '1'"))
        .isEqualTo(1);
  }

  @Test
  void reopeningAnExistingCatalogKeepsItsDataAndDoesNotMigrateAgain() throws SQLException {
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.RECEIVED));
    String migrations = "select count(*) from \"flyway_schema_history\" where \"version\" is not null";
    long applied = scalar(migrations);
    catalog.close();
    catalog = Catalog.open(settings);
    assertThat(catalog.findRecording("rec-1")).isPresent();
    assertThat(scalar(migrations)).isEqualTo(applied);
  }

  // ---------------------------------------------------------------- recordings

  @Test
  void recordingRoundTripsEveryFieldIncludingNulls() {
    RecordingEntry full = recording("rec-1", "subj-a", RecordingEntry.RECEIVED);
    RecordingEntry sparse = new RecordingEntry("rec-2", "avaya", null, null, null, null, null, null, null, null,
        null, RecordingEntry.PENDING, null, T0);
    catalog.saveRecording(full);
    catalog.saveRecording(sparse);

    assertThat(catalog.findRecording("rec-1")).contains(full);
    assertThat(catalog.findRecording("rec-2")).contains(sparse);
    assertThat(catalog.findRecording("nope")).isEmpty();
  }

  @Test
  void savingARecordingAgainUpdatesItInsteadOfAddingARow() throws SQLException {
    RecordingEntry r = recording("rec-1", "subj-a", RecordingEntry.RECEIVED);
    catalog.saveRecording(r);
    catalog.saveRecording(r);
    RecordingEntry pending = r.withState(RecordingEntry.PENDING, "CRM timeout", T0.plusSeconds(5));
    catalog.saveRecording(pending);

    assertThat(rows("recordings")).isEqualTo(1);
    assertThat(catalog.findRecording("rec-1")).contains(pending);
  }

  @Test
  void recordingWithoutUpdateTimeGetsTheCurrentTime() {
    Instant before = Instant.now().minusSeconds(1);
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.RECEIVED).withState(
        RecordingEntry.RECEIVED, null, null));
    assertThat(catalog.findRecording("rec-1").orElseThrow().updatedAt()).isAfter(before);
  }

  @Test
  void recordingsOfSubjectReturnsOnlyThatSubjectsCallsOldestFirst() {
    RecordingEntry later = recording("rec-later", "subj-a", RecordingEntry.STORED, T0.plusSeconds(3600));
    RecordingEntry earlier = recording("rec-earlier", "subj-a", RecordingEntry.DISCARDED, T0);
    catalog.saveRecording(later);
    catalog.saveRecording(earlier);
    catalog.saveRecording(recording("rec-other", "subj-b", RecordingEntry.STORED, T0));

    assertThat(catalog.recordingsOfSubject("subj-a")).containsExactly(earlier, later);
    assertThat(catalog.recordingsOfSubject("subj-c")).isEmpty();
  }

  @Test
  void unknownRecordingStateIsRejected() {
    assertThatThrownBy(() -> recording("rec-1", "s", "ARCHIVED"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ARCHIVED");
  }

  // ---------------------------------------------------------------- copies

  @Test
  void savingTheSameCopyTwiceKeepsOneRow() throws SQLException {
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.RECEIVED));
    CopyEntry copy = copy("rec-1", "training");
    catalog.saveCopy(copy);
    catalog.saveCopy(copy);

    assertThat(rows("copies")).isEqualTo(1);
    assertThat(catalog.findCopy("rec-1", "training")).contains(copy);
  }

  @Test
  void savingACopyAgainForTheSamePurposeReplacesItsDetails() throws SQLException {
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.RECEIVED));
    catalog.saveCopy(copy("rec-1", "training"));
    CopyEntry reuploaded = new CopyEntry("rec-1", "training", "CONSENT", "cv-training", "2024/03/15/rec-1-b.pgp",
        T0.plus(180, ChronoUnit.DAYS), "aa".repeat(32), 1000, "cc".repeat(32), 1300, "wav", CopyEntry.STORED,
        T0.plusSeconds(60));
    catalog.saveCopy(reuploaded);

    assertThat(rows("copies")).isEqualTo(1);
    assertThat(catalog.findCopy("rec-1", "training")).contains(reuploaded);
  }

  @Test
  void copiesOfListsOneCopyPerPurpose() {
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.RECEIVED));
    catalog.saveRecording(recording("rec-2", "subj-a", RecordingEntry.RECEIVED));
    catalog.saveCopy(copy("rec-1", "quality"));
    catalog.saveCopy(copy("rec-1", "legal"));
    catalog.saveCopy(copy("rec-2", "quality"));

    assertThat(catalog.copiesOf("rec-1")).extracting(CopyEntry::purpose).containsExactly("legal", "quality");
    assertThat(catalog.findCopy("rec-2", "legal")).isEmpty();
  }

  @Test
  void copyOfAnUncatalogedRecordingIsRefused() {
    assertThatThrownBy(() -> catalog.saveCopy(copy("ghost", "quality"))).isInstanceOf(CatalogException.class);
  }

  // ---------------------------------------------------------------- commit point

  @Test
  void anIngestCommitWritesTheRecordingItsContextMaskingCopiesAndDecisionsAndClearsTheFilesFailures()
      throws SQLException {
    catalog.recordFailure("pbx1:2024/03/15/a.wav", "pbx1", "consent source down");
    RecordingEntry stored = recording("rec-1", "subj-a", RecordingEntry.STORED);
    List<CopyEntry> copies = List.of(copy("rec-1", "quality"));
    List<DecisionEntry> decisions = List.of(new DecisionEntry("rec-1", "quality", DecisionEntry.GRANTED, "ok", T0));

    catalog.commitIngest(new Catalog.IngestCommit(stored, "400", "CASE-7",
        new Catalog.MaskingCounts(true, 16, 2400, null), copies, decisions, "pbx1:2024/03/15/a.wav"), c -> { });

    assertThat(catalog.findRecording("rec-1").orElseThrow().state()).isEqualTo(RecordingEntry.STORED);
    assertThat(catalog.copiesOf("rec-1")).containsExactlyElementsOf(copies);
    assertThat(catalog.decisionsFor("rec-1")).containsExactlyElementsOf(decisions);
    assertThat(scalar("select tones_masked from recordings where id = 'rec-1'")).isEqualTo(16);
    assertThat(scalar("select count(*) from recordings where id = 'rec-1' and queue = '400' and case_id = 'CASE-7'"))
        .isEqualTo(1);
    assertThat(rows("drop_failures")).isZero();
  }

  @Test
  void anIngestCommitWhoseAuditEntryFailsLeavesNoTraceOfTheRecording() throws SQLException {
    catalog.recordFailure("pbx1:2024/03/15/a.wav", "pbx1", "consent source down");

    assertThatThrownBy(() -> catalog.commitIngest(new Catalog.IngestCommit(
        recording("rec-1", "subj-a", RecordingEntry.STORED), null, null, new Catalog.MaskingCounts(true, 1, 80, null),
        List.of(copy("rec-1", "quality")), List.of(), "pbx1:2024/03/15/a.wav"), c -> {
          throw new SQLException("audit trail unavailable");
        })).isInstanceOf(CatalogException.class);

    assertThat(rows("recordings")).isZero();
    assertThat(rows("copies")).isZero();
    assertThat(rows("drop_failures")).isEqualTo(1);
  }

  @Test
  void finishRecordingStoresCopiesDecisionsAndStateTogether() {
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.RECEIVED));
    List<CopyEntry> copies = List.of(copy("rec-1", "quality"), copy("rec-1", "legal"));
    List<DecisionEntry> decisions = List.of(
        new DecisionEntry("rec-1", "quality", DecisionEntry.GRANTED, "legitimate interest", T0),
        new DecisionEntry("rec-1", "legal", DecisionEntry.GRANTED, "legal obligation", T0),
        new DecisionEntry("rec-1", "training", DecisionEntry.DENIED, "no consent", T0));

    catalog.finishRecording("rec-1", RecordingEntry.STORED, "2 copies", copies, decisions);

    RecordingEntry r = catalog.findRecording("rec-1").orElseThrow();
    assertThat(r.state()).isEqualTo(RecordingEntry.STORED);
    assertThat(r.stateReason()).isEqualTo("2 copies");
    assertThat(catalog.copiesOf("rec-1")).containsExactlyInAnyOrderElementsOf(copies);
    assertThat(catalog.decisionsFor("rec-1")).containsExactlyInAnyOrderElementsOf(decisions);
  }

  @Test
  void finishRecordingLeavesNoPartialRowsWhenACopyIsIncomplete() throws SQLException {
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.RECEIVED));
    CopyEntry incomplete = new CopyEntry("rec-1", "legal", "LEGAL_OBLIGATION", null, "k", T0, "aa", 1, "bb", 2,
        "wav", CopyEntry.STORED, T0);

    assertThatThrownBy(() -> catalog.finishRecording("rec-1", RecordingEntry.STORED, null,
        List.of(copy("rec-1", "quality"), incomplete),
        List.of(new DecisionEntry("rec-1", "quality", DecisionEntry.GRANTED, "ok", T0))))
        .isInstanceOf(CatalogException.class);

    assertThat(catalog.findRecording("rec-1").orElseThrow().state()).isEqualTo(RecordingEntry.RECEIVED);
    assertThat(rows("copies")).isZero();
    assertThat(rows("decisions")).isZero();
  }

  @Test
  void finishRecordingLeavesNoCopiesWhenTheLastDecisionFails() throws SQLException {
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.RECEIVED));

    assertThatThrownBy(() -> catalog.finishRecording("rec-1", RecordingEntry.STORED, null,
        List.of(copy("rec-1", "quality")),
        List.of(new DecisionEntry("rec-1", "quality", DecisionEntry.GRANTED, "ok", T0),
            new DecisionEntry("rec-1", null, DecisionEntry.DENIED, "purpose missing", T0))))
        .isInstanceOf(CatalogException.class);

    assertThat(catalog.findRecording("rec-1").orElseThrow().state()).isEqualTo(RecordingEntry.RECEIVED);
    assertThat(rows("copies")).isZero();
    assertThat(rows("decisions")).isZero();
  }

  @Test
  void finishingARecordingThatWasNeverSavedFailsAndWritesNothing() throws SQLException {
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.RECEIVED));
    assertThatThrownBy(() -> catalog.finishRecording("ghost", RecordingEntry.DISCARDED, "no purpose",
        List.of(), List.of(new DecisionEntry("ghost", "quality", DecisionEntry.DENIED, "no", T0))))
        .isInstanceOf(CatalogException.class).hasMessageContaining("ghost");
    assertThat(rows("decisions")).isZero();
  }

  @Test
  void finishRecordingRefusesEntriesOfAnotherRecording() {
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.RECEIVED));
    assertThatThrownBy(() -> catalog.finishRecording("rec-1", RecordingEntry.STORED, null,
        List.of(copy("rec-2", "quality")), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void finishingTheSameRecordingTwiceIsIdempotent() throws SQLException {
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.RECEIVED));
    List<CopyEntry> copies = List.of(copy("rec-1", "quality"));
    List<DecisionEntry> decisions = List.of(new DecisionEntry("rec-1", "quality", DecisionEntry.GRANTED, "ok", T0));
    catalog.finishRecording("rec-1", RecordingEntry.STORED, null, copies, decisions);
    catalog.finishRecording("rec-1", RecordingEntry.STORED, null, copies, decisions);

    assertThat(rows("copies")).isEqualTo(1);
    assertThat(rows("decisions")).isEqualTo(1);
  }

  // ---------------------------------------------------------------- decisions

  @Test
  void reprocessingAnIdenticalDecisionUpdatesItInPlace() {
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.RECEIVED));
    catalog.saveDecisions("rec-1", List.of(new DecisionEntry("rec-1", "training", DecisionEntry.DENIED, "no consent", T0)));
    DecisionEntry again = new DecisionEntry("rec-1", "training", DecisionEntry.DENIED, "consent withdrawn",
        T0.plusSeconds(60));
    catalog.saveDecisions("rec-1", List.of(again));

    assertThat(catalog.decisionsFor("rec-1")).containsExactly(again);
  }

  @Test
  void ingestPerDayCountsEachRecordingOnceOnTheDayOfItsFirstDecisionWhateverItsCopies() {
    Instant day = Instant.parse("2024-03-15T10:00:00Z");
    Instant dayBefore = day.minus(1, ChronoUnit.DAYS);
    decide("rec-stored", day, DecisionEntry.GRANTED, "training", "quality", "legal");
    decide("rec-discarded", day.plusSeconds(3600), DecisionEntry.DENIED, "training", "quality", "legal");
    decide("rec-waited", dayBefore, DecisionEntry.UNDECIDED, "training");
    catalog.saveDecisions("rec-waited", List.of(new DecisionEntry("rec-waited", "training", DecisionEntry.GRANTED,
        "consent", day)));
    decide("rec-old", day.minus(40, ChronoUnit.DAYS), DecisionEntry.UNDECIDED, "training");
    catalog.saveDecisions("rec-old", List.of(new DecisionEntry("rec-old", "training", DecisionEntry.GRANTED,
        "consent", day)));

    Map<java.time.LocalDate, Long> perDay = new StatusQueries(catalog).ingestedPerDay(day.minus(29, ChronoUnit.DAYS),
        day.plusSeconds(7200));

    assertThat(perDay).hasSize(30);
    assertThat(perDay).containsEntry(java.time.LocalDate.parse("2024-03-15"), 2L)
        .containsEntry(java.time.LocalDate.parse("2024-03-14"), 1L);
    assertThat(perDay.values().stream().mapToLong(Long::longValue).sum()).as("rec-old came in before the window")
        .isEqualTo(3);
  }

  private void decide(String recordingId, Instant at, String outcome, String... purposes) {
    catalog.saveRecording(recording(recordingId, "subj-" + recordingId, RecordingEntry.RECEIVED));
    List<DecisionEntry> decisions = new ArrayList<>();
    for (String p : purposes) {
      decisions.add(new DecisionEntry(recordingId, p, outcome, "test", at));
    }
    catalog.saveDecisions(recordingId, decisions);
  }

  @Test
  void aChangedOutcomeIsKeptAsHistoryAndOnlyTheLatestIsCounted() {
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.PENDING));
    catalog.saveRecording(recording("rec-2", "subj-b", RecordingEntry.RECEIVED));
    DecisionEntry undecided = new DecisionEntry("rec-1", "training", DecisionEntry.UNDECIDED, "CRM down", T0);
    DecisionEntry granted = new DecisionEntry("rec-1", "training", DecisionEntry.GRANTED, "consent", T0.plusSeconds(600));
    catalog.saveDecisions("rec-1", List.of(undecided));
    catalog.saveDecisions("rec-1", List.of(granted));
    catalog.saveDecisions("rec-2", List.of(
        new DecisionEntry("rec-2", "training", DecisionEntry.DENIED, "no consent", T0),
        new DecisionEntry("rec-2", "quality", DecisionEntry.GRANTED, "legitimate interest", T0)));

    assertThat(catalog.decisionsFor("rec-1")).containsExactly(undecided, granted);
    assertThat(catalog.decisionCounts()).isEqualTo(Map.of(
        "training", Map.of(DecisionEntry.GRANTED, 1L, DecisionEntry.DENIED, 1L),
        "quality", Map.of(DecisionEntry.GRANTED, 1L)));
  }

  @Test
  void deniedReasonsAreCountedPerPurpose() {
    for (int i = 1; i <= 3; i++) {
      catalog.saveRecording(recording("rec-" + i, "subj-" + i, RecordingEntry.DISCARDED));
    }
    catalog.saveDecisions("rec-1", List.of(new DecisionEntry("rec-1", "training", DecisionEntry.DENIED, "no consent", T0)));
    catalog.saveDecisions("rec-2", List.of(new DecisionEntry("rec-2", "training", DecisionEntry.DENIED, "no consent", T0)));
    catalog.saveDecisions("rec-3", List.of(new DecisionEntry("rec-3", "training", DecisionEntry.DENIED, "internal call", T0),
        new DecisionEntry("rec-3", "quality", DecisionEntry.DENIED, "too short", T0)));

    assertThat(catalog.deniedReasonsByPurpose("training")).isEqualTo(Map.of("no consent", 2L, "internal call", 1L));
  }

  // ---------------------------------------------------------------- failures and quarantine

  @Test
  void recordFailureCountsUpPerFileUntilCleared() {
    assertThat(catalog.recordFailure("ref-a", "freepbx", "S3 unreachable")).isEqualTo(1);
    assertThat(catalog.recordFailure("ref-a", "freepbx", "S3 unreachable")).isEqualTo(2);
    assertThat(catalog.recordFailure("ref-b", "freepbx", "CRM timeout")).isEqualTo(1);
    assertThat(catalog.recordFailure("ref-a", "freepbx", "S3 unreachable")).isEqualTo(3);

    catalog.clearFailures("ref-a");

    assertThat(catalog.recordFailure("ref-a", "freepbx", "again")).isEqualTo(1);
    assertThat(catalog.recordFailure("ref-b", "freepbx", "CRM timeout")).isEqualTo(2);
  }

  @Test
  void concurrentFailuresOfOneFileAreAllCounted() throws Exception {
    int threads = 4;
    int perThread = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        tasks.add(() -> {
          for (int i = 0; i < perThread; i++) {
            catalog.recordFailure("ref-hot", "freepbx", "boom");
          }
          return null;
        });
      }
      for (Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(catalog.recordFailure("ref-hot", "freepbx", "boom")).isEqualTo(threads * perThread + 1);
  }

  @Test
  void quarantiningTheSameFileTwiceKeepsOneEntryWithTheLatestReason() {
    catalog.recordQuarantine(new QuarantineEntry("ref-a", "freepbx", "unparseable name", T0));
    catalog.recordQuarantine(new QuarantineEntry("ref-b", "avaya", "sidecar missing", T0.plusSeconds(1)));
    QuarantineEntry again = new QuarantineEntry("ref-a", "freepbx", "unparseable name (retry)", T0.plusSeconds(2));
    catalog.recordQuarantine(again);

    assertThat(catalog.quarantined()).containsExactly(
        new QuarantineEntry("ref-b", "avaya", "sidecar missing", T0.plusSeconds(1)), again);
  }

  @Test
  void releasingAQuarantinedFileForgetsItsQuarantineAndFailureCountInOneTransaction() {
    for (int i = 0; i < 3; i++) {
      catalog.recordFailure("ref-a", "freepbx", "unreadable");
    }
    catalog.recordFailure("ref-b", "freepbx", "unreadable");
    catalog.recordQuarantine(new QuarantineEntry("ref-a", "freepbx", "gave up after 3 attempts", T0));
    List<String> sameTransaction = new ArrayList<>();

    assertThat(catalog.releaseQuarantine("ref-a", c -> sameTransaction.add("audited"))).get()
        .extracting(QuarantineEntry::reason).isEqualTo("gave up after 3 attempts");

    assertThat(sameTransaction).containsExactly("audited");
    assertThat(catalog.quarantined()).isEmpty();
    assertThat(catalog.failuresOf("ref-a")).isZero();
    assertThat(catalog.recordFailure("ref-a", "freepbx", "unreadable")).as("counting starts again").isEqualTo(1);
    assertThat(catalog.failuresOf("ref-b")).as("other files keep their count").isEqualTo(1);
  }

  @Test
  void releasingAFileThatWasNotQuarantinedChangesNothing() {
    catalog.recordFailure("ref-a", "freepbx", "unreadable");
    List<String> sameTransaction = new ArrayList<>();

    assertThat(catalog.releaseQuarantine("ref-a", c -> sameTransaction.add("audited"))).isEmpty();

    assertThat(sameTransaction).isEmpty();
    assertThat(catalog.failuresOf("ref-a")).isEqualTo(1);
  }

  @Test
  void aFailedAuditRollsTheReleaseBack() {
    catalog.recordFailure("ref-a", "freepbx", "unreadable");
    catalog.recordQuarantine(new QuarantineEntry("ref-a", "freepbx", "gave up", T0));

    assertThatThrownBy(() -> catalog.releaseQuarantine("ref-a", c -> {
      throw new java.sql.SQLException("audit trail unavailable");
    })).isInstanceOf(CatalogException.class);

    assertThat(catalog.quarantined()).extracting(QuarantineEntry::fileRef).containsExactly("ref-a");
    assertThat(catalog.failuresOf("ref-a")).isEqualTo(1);
  }

  @Test
  void overlongReasonsAreCutNotRejected() {
    String huge = "x".repeat(Catalog.MAX_REASON + 500);
    catalog.recordQuarantine(new QuarantineEntry("ref-a", "freepbx", huge, T0));
    assertThat(catalog.quarantined().get(0).reason()).hasSize(Catalog.MAX_REASON);
  }

  // ---------------------------------------------------------------- summaries

  @Test
  void summariesCountRecordingsByStateAndStoredCopiesByPurpose() {
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.RECEIVED));
    catalog.saveRecording(recording("rec-2", "subj-a", RecordingEntry.RECEIVED));
    catalog.saveRecording(recording("rec-3", "subj-b", RecordingEntry.DISCARDED));
    catalog.finishRecording("rec-1", RecordingEntry.STORED, null,
        List.of(copy("rec-1", "quality"), copy("rec-1", "legal")), List.of());
    catalog.finishRecording("rec-2", RecordingEntry.STORED, null, List.of(copy("rec-2", "quality")), List.of());

    assertThat(catalog.recordingCountsByState())
        .isEqualTo(Map.of(RecordingEntry.STORED, 2L, RecordingEntry.DISCARDED, 1L));
    assertThat(catalog.copyCountsByPurpose()).isEqualTo(Map.of("quality", 2L, "legal", 1L));
  }

  // ---------------------------------------------------------------- helpers

  @Test
  void workInTheSameTransactionThatFailsRollsBackTheWholeOutcome() {
    catalog.saveRecording(recording("rec-1", "subj-a", RecordingEntry.RECEIVED));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> catalog.finishRecording("rec-1", RecordingEntry.STORED,
        "stored", List.of(copy("rec-1", "legal")), List.of(),
        c -> {
          throw new SQLException("the audit append failed");
        })).isInstanceOf(RuntimeException.class);

    assertThat(catalog.copiesOf("rec-1")).isEmpty();
    assertThat(catalog.findRecording("rec-1")).get().extracting(RecordingEntry::state).isEqualTo(RecordingEntry.RECEIVED);
  }

  static RecordingEntry recording(String id, String subjectKey, String state) {
    return recording(id, subjectKey, state, T0);
  }

  static RecordingEntry recording(String id, String subjectKey, String state, Instant start) {
    return new RecordingEntry(id, "freepbx", "1710512553.42", "in", "INBOUND", start, 125, 118, "ANSWERED",
        subjectKey, "wav", state, null, start.plusSeconds(200));
  }

  static CopyEntry copy(String recordingId, String purpose) {
    return new CopyEntry(recordingId, purpose, "LEGITIMATE_INTEREST", "cv-" + purpose,
        "2024/03/15/" + recordingId + ".pgp", T0.plus(180, ChronoUnit.DAYS), "ab".repeat(32), 2_000_044,
        "cd".repeat(32), 2_001_377, "wav", CopyEntry.STORED, T0.plusSeconds(300));
  }

  long rows(String table) throws SQLException {
    return scalar("select count(*) from " + table);
  }

  long scalar(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
