package io.callvault.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit trail's behaviour, run unchanged against every supported database. */
abstract class AuditTrailContract {

  CatalogSettings settings;
  Catalog catalog;
  AuditTrail trail;

  /** Settings of a new, empty database (or schema). */
  abstract CatalogSettings freshSettings();

  @BeforeEach
  void open() {
    settings = freshSettings();
    catalog = Catalog.open(settings);
    trail = new AuditTrail(catalog, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    if (catalog != null) {
      catalog.close();
    }
  }

  // ---------------------------------------------------------------- append and verify

  @Test
  void emptyTrailVerifiesAsIntact() {
    assertThat(trail.lastSeq()).isZero();
    VerifyResult result = trail.verify();
    assertThat(result.intact()).isTrue();
    assertThat(result.entriesChecked()).isZero();
  }

  @Test
  void theLatestAuditEntriesAreReadNewestFirstUpToTheLimitWithTheFiltersAppliedByTheDatabase() {
    for (int i = 1; i <= 5; i++) {
      trail.append("dpo", "HOLD_PLACED", "hold_" + i, "case hold");
    }
    trail.append("Ann_Lee", "HOLD_RELEASED", "hold_1", "released");
    trail.append("annXlee", "HOLD_RELEASED", "hold_2", "released");
    trail.append("50%-robot", "ACCESS", "key", "access");

    assertThat(trail.latest(3, null, null)).extracting(AuditEntry::seq).containsExactly(8L, 7L, 6L);
    assertThat(trail.latest(100, null, "HOLD_PLACED")).extracting(AuditEntry::target)
        .containsExactly("hold_5", "hold_4", "hold_3", "hold_2", "hold_1");
    assertThat(trail.latest(100, "ann_", null)).as("'_' is a character, not a wildcard, and case is ignored")
        .extracting(AuditEntry::actor).containsExactly("Ann_Lee");
    assertThat(trail.latest(100, "0%", "ACCESS")).extracting(AuditEntry::actor)
        .containsExactly("50%-robot");
    assertThat(trail.latest(100, "dpo", "ACCESS")).isEmpty();
    assertThatThrownBy(() -> trail.latest(1001, null, null)).hasMessageContaining("limit must be 1 to 1000");
  }

  @Test
  void thousandAppendedEntriesFormOneChainThatVerifies() {
    List<AuditEntry> appended = appendMany(1000);

    assertThat(appended.get(0).seq()).isEqualTo(1);
    assertThat(appended.get(0).prevHash()).isEqualTo("0".repeat(64));
    for (int i = 1; i < appended.size(); i++) {
      assertThat(appended.get(i).seq()).isEqualTo(i + 1);
      assertThat(appended.get(i).prevHash()).isEqualTo(appended.get(i - 1).hash());
    }
    VerifyResult result = trail.verify();
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.entriesChecked()).isEqualTo(1000);
    assertThat(result.brokenAt()).isEqualTo(-1);
    assertThat(trail.lastSeq()).isEqualTo(1000);
  }

  @Test
  void entryReadBackEqualsTheAppendedOneWithMicrosecondTime() {
    Instant withNanos = Instant.parse("2024-03-15T14:22:33.123456789Z");
    AuditTrail fixed = new AuditTrail(catalog, Clock.fixed(withNanos, ZoneOffset.UTC));
    AuditEntry written = fixed.append("dpo@example.test", AuditAction.ERASURE, "subj_" + "ab".repeat(32),
        "Art. 17 request, ticket DSR-42 — ünïcode kept");
    AuditEntry noReason = fixed.append("system", AuditAction.HOLD_RELEASED, null, null);

    assertThat(written.at()).isEqualTo(Instant.parse("2024-03-15T14:22:33.123456Z"));
    assertThat(trail.read(1, 10)).containsExactly(written, noReason);
    assertThat(trail.read(2, 1)).containsExactly(noReason);
    assertThat(written.computeHash()).isEqualTo(written.hash());
    assertThat(trail.verify().intact()).isTrue();
  }

  // ---------------------------------------------------------------- tamper detection

  @Test
  void changedReasonIsNamedAsTheFirstBrokenLink() throws SQLException {
    appendMany(30);
    sql("update audit_log set reason = 'nothing to see' where seq = 17");

    VerifyResult result = trail.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenAt()).isEqualTo(17);
    assertThat(result.problem()).isEqualTo("entry 17: hash does not match its content");
  }

  @Test
  void changedTimeIsDetected() throws SQLException {
    appendMany(5);
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
        "update audit_log set at = ? where seq = 3")) {
      ps.setObject(1, java.time.OffsetDateTime.parse("2020-01-01T00:00:00Z"));
      ps.executeUpdate();
    }
    assertThat(trail.verify().problem()).isEqualTo("entry 3: hash does not match its content");
  }

  @Test
  void deletedRowIsDetectedAsASequenceGap() throws SQLException {
    appendMany(30);
    sql("delete from audit_log where seq = 20");

    VerifyResult result = trail.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenAt()).isEqualTo(20);
    assertThat(result.problem()).isEqualTo("entry 20 missing: sequence jumps from 19 to 21");
  }

  @Test
  void deletedFirstRowsAreDetected() throws SQLException {
    appendMany(10);
    sql("delete from audit_log where seq <= 2");

    assertThat(trail.verify().problem()).isEqualTo("entries 1 to 2 missing: sequence starts at 3");
  }

  @Test
  void deletedLastRowIsDetectedAgainstTheHead() throws SQLException {
    appendMany(10);
    sql("delete from audit_log where seq = 10");

    VerifyResult result = trail.verify();
    assertThat(result.brokenAt()).isEqualTo(10);
    assertThat(result.problem()).isEqualTo("entry 10 missing: the trail ends at 9 but its head records 10");
  }

  @Test
  void renumberedRowsClosingAGapAreDetected() throws SQLException {
    appendMany(10);
    sql("delete from audit_log where seq = 5");
    sql("update audit_log set seq = seq - 1 where seq > 5");
    sql("update audit_head set seq = 9");

    VerifyResult result = trail.verify();
    assertThat(result.brokenAt()).isEqualTo(5);
    assertThat(result.problem()).isEqualTo("entry 5: hash does not match its content");
  }

  @Test
  void twoRowsWithSwappedContentsAreDetected() throws SQLException {
    appendMany(20);
    swap(11, 12, "at, actor, action, target, reason");

    VerifyResult result = trail.verify();
    assertThat(result.brokenAt()).isEqualTo(11);
    assertThat(result.problem()).isEqualTo("entry 11: hash does not match its content");
  }

  @Test
  void twoWholeRowsSwappedInOrderAreDetected() throws SQLException {
    appendMany(20);
    swap(11, 12, "at, actor, action, target, reason, prev_hash, hash");

    VerifyResult result = trail.verify();
    assertThat(result.brokenAt()).isEqualTo(11);
    assertThat(result.problem()).isEqualTo("entry 11: hash does not match its content");
  }

  @Test
  void rowRehashedWithoutTheChainBreaksTheNextLink() throws SQLException {
    appendMany(30);
    AuditEntry original = trail.read(17, 1).get(0);
    AuditEntry forged = new AuditEntry(17, original.at(), original.actor(), original.action(), original.target(),
        "nothing to see", original.prevHash(), null);
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
        "update audit_log set reason = ?, hash = ? where seq = 17")) {
      ps.setString(1, forged.reason());
      ps.setString(2, forged.computeHash());
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }

    VerifyResult result = trail.verify();
    assertThat(result.brokenAt()).isEqualTo(18);
    assertThat(result.problem()).isEqualTo("entry 18: previous-hash does not match entry 17");
  }

  @Test
  void lastRowRehashedIsDetectedAgainstTheHead() throws SQLException {
    appendMany(5);
    AuditEntry original = trail.read(5, 1).get(0);
    AuditEntry forged = new AuditEntry(5, original.at(), "someone-else", original.action(), original.target(),
        original.reason(), original.prevHash(), null);
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
        "update audit_log set actor = ?, hash = ? where seq = 5")) {
      ps.setString(1, forged.actor());
      ps.setString(2, forged.computeHash());
      ps.executeUpdate();
    }

    assertThat(trail.verify().problem()).isEqualTo("entry 5: hash does not match the head of the trail");
  }

  @Test
  void changedHashColumnIsDetected() throws SQLException {
    appendMany(10);
    sql("update audit_log set hash = '" + "f".repeat(64) + "' where seq = 4");

    assertThat(trail.verify().problem()).isEqualTo("entry 4: hash does not match its content");
  }

  @Test
  void appendAfterTamperingKeepsTheBreakVisible() throws SQLException {
    appendMany(10);
    sql("update audit_log set target = 'rec_other' where seq = 6");
    trail.append("system", AuditAction.ACCESS, "rec_x", null);

    assertThat(trail.verify().brokenAt()).isEqualTo(6);
  }

  // ---------------------------------------------------------------- concurrency and transactions

  @Test
  void concurrentAppendsFromFourThreadsKeepOneUnbrokenChain() throws Exception {
    int threads = 4;
    int perThread = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<List<AuditEntry>>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        work.add(() -> {
          List<AuditEntry> mine = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            mine.add(trail.append("worker-" + thread, AuditAction.ACCESS, "rec_t" + thread + "_" + i, null));
          }
          return mine;
        });
      }
      Set<Long> seqs = new HashSet<>();
      for (Future<List<AuditEntry>> f : pool.invokeAll(work)) {
        f.get().forEach(e -> seqs.add(e.seq()));
      }
      assertThat(seqs).hasSize(threads * perThread);
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    VerifyResult result = trail.verify();
    assertThat(result.intact()).as(result.describe()).isTrue();
    assertThat(result.entriesChecked()).isEqualTo(threads * perThread);
    assertThat(trail.lastSeq()).isEqualTo(threads * perThread);
  }

  @Test
  void entryAppendedInACallersTransactionIsRolledBackWithIt() {
    trail.append("system", AuditAction.INGEST_DECISION, "rec_a", "stored for quality");
    assertThatThrownBy(() -> catalog.transactions().write("hold and its audit entry", tx -> {
      trail.append(tx, "dpo", AuditAction.HOLD_PLACED, "hold_1", "dispute");
      throw new IllegalStateException("the caller's own change failed");
    })).hasMessage("the caller's own change failed");
    assertThat(trail.lastSeq()).isEqualTo(1);

    AuditEntry committed = catalog.transactions().write("hold and its audit entry",
        tx -> trail.append(tx, "dpo", AuditAction.HOLD_PLACED, "hold_1", "dispute"));
    assertThat(committed.seq()).isEqualTo(2);
    assertThat(trail.read(2, 1)).containsExactly(committed);
    assertThat(trail.verify().intact()).isTrue();
  }

  // ---------------------------------------------------------------- export

  @Test
  void exportWritesOneValidJsonLinePerEntry() throws Exception {
    List<AuditEntry> appended = appendMany(250);
    trail.append("system", AuditAction.DISCARD, null, "no purpose applies \"quoted\"\nsecond line");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    long lines = trail.exportJsonLines(out);

    String text = out.toString(StandardCharsets.UTF_8);
    String[] rows = text.split("\n");
    assertThat(lines).isEqualTo(251);
    assertThat(rows).hasSize(251);
    assertThat(text).endsWith("\n");
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < 250; i++) {
      JsonNode node = mapper.readTree(rows[i]);
      AuditEntry e = appended.get(i);
      assertThat(node.get("seq").asLong()).isEqualTo(e.seq());
      assertThat(Instant.parse(node.get("at").asText())).isEqualTo(e.at());
      assertThat(node.get("actor").asText()).isEqualTo(e.actor());
      assertThat(node.get("action").asText()).isEqualTo(e.action());
      assertThat(node.get("target").asText()).isEqualTo(e.target());
      assertThat(node.get("prev_hash").asText()).isEqualTo(e.prevHash());
      assertThat(node.get("hash").asText()).isEqualTo(e.hash());
    }
    JsonNode last = mapper.readTree(rows[250]);
    assertThat(last.get("target").isNull()).isTrue();
    assertThat(last.get("reason").asText()).isEqualTo("no purpose applies \"quoted\"\nsecond line");
  }

  // ---------------------------------------------------------------- no personal data

  @Test
  void phoneLikeTargetIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> trail.append("dpo", AuditAction.EXPORT, "+447700900123", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("phone number")
        .hasMessageNotContaining("7700900123");
    assertThatThrownBy(() -> trail.append("dpo", AuditAction.EXPORT, "subject 07700900123", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(trail.lastSeq()).isZero();
  }

  @Test
  void phoneLikeReasonIsRefused() {
    assertThatThrownBy(() -> trail.append("dpo", AuditAction.ERASURE, "subj_ab", "caller 0612345678 asked"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reason");
  }

  @Test
  void digitsInsideIdsAndDigestsAreAccepted() {
    AuditEntry e = trail.append("system", AuditAction.INGEST_DECISION, "rec_ab12345678901234cd",
        "subject key 0a1234567890123456789b, copy sha256 ffe0123456789, 3 purposes");
    assertThat(e.seq()).isEqualTo(1);
  }

  @Test
  void missingActorOrBadActionIsRefused() {
    assertThatThrownBy(() -> trail.append(" ", AuditAction.ACCESS, "rec_a", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trail.append("dpo", "has spaces", "rec_a", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> trail.append("dpo", null, "rec_a", null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void overlongReasonIsCutAndStillVerifies() {
    AuditEntry e = trail.append("system", AuditAction.QUARANTINE, "file_ab", "x".repeat(5000));
    assertThat(e.reason()).hasSize(AuditTrail.MAX_REASON);
    assertThat(trail.read(1, 1)).containsExactly(e);
    assertThat(trail.verify().intact()).isTrue();
  }

  // ---------------------------------------------------------------- helpers

  private List<AuditEntry> appendMany(int n) {
    String[] actions = {AuditAction.INGEST_DECISION, AuditAction.ACCESS, AuditAction.EXPORT,
        AuditAction.SWEEP_DELETE};
    List<AuditEntry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(trail.append(i % 3 == 0 ? "system" : "token:ops", actions[i % actions.length], "rec_" + i,
          i % 2 == 0 ? null : "reason " + i));
    }
    return out;
  }

  Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    c.setAutoCommit(true);
    return c;
  }

  void sql(String statement) throws SQLException {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(statement)) {
      assertThat(ps.executeUpdate()).as(statement).isPositive();
    }
  }

  /** Swaps the given columns between two rows, with plain SQL as an attacker would. */
  void swap(long a, long b, String columns) throws SQLException {
    String[] names = columns.split(",\\s*");
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      Object[][] values = new Object[2][names.length];
      long[] seqs = {a, b};
      for (int r = 0; r < 2; r++) {
        try (PreparedStatement ps = c.prepareStatement("select " + columns + " from audit_log where seq = ?")) {
          ps.setLong(1, seqs[r]);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            for (int i = 0; i < names.length; i++) {
              values[r][i] = names[i].equals("at") ? rs.getObject(i + 1, java.time.OffsetDateTime.class)
                  : rs.getObject(i + 1);
            }
          }
        }
      }
      String set = String.join(" = ?, ", names) + " = ?";
      for (int r = 0; r < 2; r++) {
        try (PreparedStatement ps = c.prepareStatement("update audit_log set " + set + " where seq = ?")) {
          for (int i = 0; i < names.length; i++) {
            ps.setObject(i + 1, values[1 - r][i]);
          }
          ps.setLong(names.length + 1, seqs[r]);
          assertThat(ps.executeUpdate()).isEqualTo(1);
        }
      }
      c.commit();
    }
  }
}
