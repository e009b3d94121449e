package io.callvault.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;

/**
 * The catalog: opens the database (H2 by default, or PostgreSQL) and migrates its schema, and is the repository
 * of recordings, copies, decisions, drop failures and quarantine. Every public method is one transaction
 * ({@link Transactions}). Upserts are "update, else insert" in that transaction; a concurrent insert of the same
 * key makes the transaction run again. The other tables have their own repositories in this package, built on
 * this catalog. Thread-safe.
 */
public final class Catalog implements AutoCloseable {

  /** Longest reason text kept; longer reasons are cut. */
  public static final int MAX_REASON = 1000;

  private final HikariDataSource pool;
  /** Where connections come from: the pool, or on an H2 file the pool with a sync after every commit. */
  private final javax.sql.DataSource connections;
  private final Transactions transactions;
  private final Clock clock;

  private Catalog(HikariDataSource pool, javax.sql.DataSource connections, Clock clock) {
    this.pool = pool;
    this.connections = connections;
    this.transactions = new Transactions(connections);
    this.clock = clock;
  }

  /** Creates the connection pool and migrates the schema to the latest version; creates an empty catalog. */
  public static Catalog open(CatalogSettings settings) {
    return open(settings, Clock.systemUTC());
  }

  static Catalog open(CatalogSettings settings, Clock clock) {
    return open(settings, clock, true);
  }

  /**
   * Opens a catalog that must already exist (for commands such as {@code audit verify}, which must not make
   * an empty catalog and then report on it), migrating it to the latest version.
   *
   * @throws CatalogException "no catalog at ..." when the H2 file or the PostgreSQL schema is missing
   */
  public static Catalog openExisting(CatalogSettings settings) {
    return open(settings, Clock.systemUTC(), false);
  }

  private static Catalog open(CatalogSettings settings, Clock clock, boolean create) {
    String url = settings.jdbcUrl();
    boolean h2File = EmbeddedH2.isFile(url);
    if (h2File && !create && !java.nio.file.Files.exists(EmbeddedH2.dataFile(url))) {
      throw new CatalogException("no catalog at " + EmbeddedH2.dataFile(url).toAbsolutePath()
          + ": check catalog.url (and --config), or start the hub once to create it", null);
    }
    String effective;
    try {
      effective = EmbeddedH2.hardened(url);
      if (h2File) {
        EmbeddedH2.prepareFolder(url);
      }
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw new CatalogException(e.getMessage(), e);
    }
    HikariDataSource pool = pool(settings, effective, h2File && !create);
    try {
      if (!create && !hasSchema(pool)) {
        throw new CatalogException("no catalog at " + settings.jdbcUrl() + ": the database has no callvault"
            + " tables; check catalog.url (and --config), or start the hub once to create them", null);
      }
      Flyway.configure()
          .dataSource(pool)
          // db/postgresql: what only a shared PostgreSQL catalog needs (Quartz's clustered job store)
          .locations(url.startsWith("jdbc:postgresql:")
              ? new String[] {"classpath:db/migration", "classpath:db/postgresql"}
              : new String[] {"classpath:db/migration"})
          .load()
          .migrate();
      if (h2File) {
        EmbeddedH2.restrictFiles(url);
      }
    } catch (CatalogException e) {
      pool.close();
      throw e;
    } catch (RuntimeException | java.io.IOException e) {
      pool.close();
      throw new CatalogException("catalog schema migration failed on " + settings.jdbcUrl() + ": "
          + e.getMessage(), e);
    }
    return new Catalog(pool, h2File ? new SyncOnCommit(pool) : pool, clock);
  }

  private static HikariDataSource pool(CatalogSettings settings, String effectiveUrl, boolean mustExist) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(mustExist ? effectiveUrl + ";IFEXISTS=TRUE" : effectiveUrl);
    if (settings.user() != null) {
      config.setUsername(settings.user());
    }
    if (settings.password() != null) {
      config.setPassword(settings.password());
    }
    config.setPoolName("callvault-catalog");
    config.setMaximumPoolSize(5);
    config.setMinimumIdle(1);
    config.setAutoCommit(false);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      if (CatalogUnavailableException.isUnreachable(e)) {
        throw new CatalogUnavailableException("the catalog database at " + settings.safeUrl() + " (catalog.url) cannot"
            + " be reached: " + CatalogUnavailableException.rootMessage(e) + "; start it, or fix catalog.url", e);
      }
      throw new CatalogException(unreachable(settings, e), e);
    }
  }

  private static String unreachable(CatalogSettings settings, RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("90020") || message.contains("already in use")) {
      return "the catalog " + settings.safeUrl() + " is in use by another process (a running hub): H2 allows one"
          + " process; run the command while the hub runs (it goes through the hub's control socket), stop the"
          + " hub, or use PostgreSQL for several processes";
    }
    return "cannot connect to the catalog database at " + settings.safeUrl()
        + ": check catalog.url, catalog.user and catalog.password (" + message + ")";
  }

  /** Whether the catalog database answers a trivial query now (for the dependency watch). */
  public void ping() {
    try (Connection c = pool.getConnection(); java.sql.Statement st = c.createStatement()) {
      st.execute("select 1");
      c.rollback();
    } catch (SQLException e) {
      throw new io.callvault.health.DependencyDownException("the catalog database at catalog.url does not answer ("
          + e.getClass().getSimpleName() + (e.getSQLState() == null ? "" : ", SQLState " + e.getSQLState()) + ")", e);
    }
  }

  /** True when callvault's migrations ran on this database before (Flyway's history table exists). */
  private static boolean hasSchema(HikariDataSource pool) {
    try (Connection c = pool.getConnection();
        ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      boolean found = false;
      while (rs.next()) {
        found |= rs.getString("TABLE_NAME").equalsIgnoreCase("flyway_schema_history");
      }
      c.rollback();
      return found;
    } catch (SQLException e) {
      throw new CatalogException("cannot read the catalog at " + pool.getJdbcUrl() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pool.close();
  }

  /**
   * The catalog's transactions, for steps that must commit the changes of several repositories together (an
   * outcome and its audit entry), and for the repositories of this package.
   */
  public Transactions transactions() {
    return transactions;
  }

  /**
   * The catalog's connections, for tests and tools that inspect the database itself; callvault's own SQL goes
   * through the repositories of this package. Connections come with auto-commit off; on H2 a commit returns once
   * synced.
   */
  public javax.sql.DataSource dataSource() {
    return connections;
  }

  // ---------------------------------------------------------------- recordings

  /** What masking did to one recording: whether it ran, tones and time masked, why not. Never the digits. */
  public record MaskingCounts(boolean ran, int tones, long maskedMillis, String note) {}

  private static void updateMasking(Connection c, String recordingId, MaskingCounts m) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("update recordings set masking_ran = ?, tones_masked = ?,"
        + " masked_millis = ?, masking_note = ? where id = ?")) {
      st.setBoolean(1, m.ran());
      st.setInt(2, m.tones());
      st.setLong(3, m.maskedMillis());
      st.setString(4, m.note() == null ? null : cut(m.note()));
      st.setString(5, recordingId);
      st.executeUpdate();
    }
  }

  /** What was wrong with the recording's WAV sizes when it arrived (its copies repaired), if anything. */
  public Optional<String> integrityNote(String recordingId) {
    return transactions.readSql("read integrity note of " + recordingId, c -> {
      try (PreparedStatement ps = c.prepareStatement("select integrity_note from recordings where id = ?")) {
        ps.setString(1, recordingId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  /**
   * What the subject told the CRM since: the consent flags withdrawn, and {@code "objection"} when the
   * subject objected to processing on legitimate interest (GDPR Art. 21). Ingest honours both.
   */
  public java.util.Set<String> withdrawals(String subjectKey) {
    return transactions.readSql("read consent events", c -> {
      java.util.Set<String> out = new java.util.TreeSet<>();
      try (PreparedStatement st = c.prepareStatement(
          "select event_type, flag from consent_events where subject_key = ?")) {
        st.setString(1, subjectKey);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1).equals("objection") ? "objection" : rs.getString(2));
          }
        }
      }
      return out;
    });
  }

  /**
   * A saved recording's queue (or ring group) and the case id the PBX gave it, used by legal holds on a
   * case and by the anonymised statistics.
   */
  private static void updateCallContext(Connection c, String recordingId, String queue, String caseId)
      throws SQLException {
    try (PreparedStatement st = c.prepareStatement("update recordings set queue = ?, case_id = ? where id = ?")) {
      st.setString(1, queue);
      st.setString(2, caseId);
      st.setString(3, recordingId);
      st.executeUpdate();
    }
  }

  /** Masking over all recordings: recordings masked, tones, milliseconds, recordings not maskable. */
  public Map<String, Long> maskingSummary() {
    return transactions.readSql("summarise masking", c -> {
      Map<String, Long> out = new java.util.LinkedHashMap<>();
      try (PreparedStatement st = c.prepareStatement("select"
              + " count(case when masking_ran = true then 1 end),"
              + " count(case when tones_masked > 0 then 1 end),"
              + " coalesce(sum(tones_masked), 0), coalesce(sum(masked_millis), 0),"
              + " count(case when masking_ran = false then 1 end) from recordings");
          ResultSet rs = st.executeQuery()) {
        rs.next();
        out.put("checked", rs.getLong(1));
        out.put("withTones", rs.getLong(2));
        out.put("tones", rs.getLong(3));
        out.put("maskedMillis", rs.getLong(4));
        out.put("notMaskable", rs.getLong(5));
      }
      return out;
    });
  }

  /** Inserts the recording, or updates every column of the one with the same id. Idempotent. */
  public void saveRecording(RecordingEntry r) {
    Objects.requireNonNull(r, "recording");
    transactions.writeSql("save recording " + r.id(), c -> {
      upsertRecording(c, r);
      return null;
    });
  }

  public Optional<RecordingEntry> findRecording(String id) {
    return transactions.readSql("find recording " + id, c -> {
      List<RecordingEntry> found = queryRecordings(c, "where id = ?", id);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    });
  }

  /** All recordings of one subject, oldest call first. */
  public List<RecordingEntry> recordingsOfSubject(String subjectKey) {
    return transactions.readSql("find recordings of subject",
        c -> queryRecordings(c, "where subject_key = ? order by start_time, id", subjectKey));
  }

  // ---------------------------------------------------------------- copies

  public Optional<CopyEntry> findCopy(String recordingId, String purpose) {
    return transactions.readSql("find copy " + recordingId + "/" + purpose, c -> {
      List<CopyEntry> found = queryCopies(c, "where recording_id = ? and purpose = ?", recordingId, purpose);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    });
  }

  /** The copies of one recording, by purpose. */
  /** The copy as this transaction sees it (for a change that depends on it, such as a shorter retention). */
  public Optional<CopyEntry> findCopy(Tx tx, String recordingId, String purpose) {
    return tx.sql(c -> queryCopies(c, "where recording_id = ? and purpose = ?", recordingId, purpose).stream().findFirst());
  }

  /** Sets a STORED copy's retain-until (the sweep deletes or anonymises it from then on); false if none changed. */
  public boolean retainUntil(Tx tx, String recordingId, String purpose, Instant until) {
    return tx.sql(c -> {
      try (PreparedStatement ps = c.prepareStatement("update copies set retain_until = ? where recording_id = ?"
          + " and purpose = ? and state = ?")) {
        Sql.setInstant(ps, 1, until);
        ps.setString(2, recordingId);
        ps.setString(3, purpose);
        ps.setString(4, CopyEntry.STORED);
        return ps.executeUpdate() == 1;
      }
    });
  }

  public List<CopyEntry> copiesOf(String recordingId) {
    return transactions.readSql("list copies of " + recordingId,
        c -> queryCopies(c, "where recording_id = ? order by purpose", recordingId));
  }

  /** Inserts the copy, or updates the one with the same (recordingId, purpose). Never a duplicate row. */
  public void saveCopy(CopyEntry copy) {
    Objects.requireNonNull(copy, "copy");
    transactions.writeSql("save copy " + copy.recordingId() + "/" + copy.purpose(), c -> {
      upsertCopy(c, copy);
      return null;
    });
  }

  // ---------------------------------------------------------------- decisions

  /**
   * Saves decisions keyed by (recordingId, purpose, outcome): an identical outcome is updated in place
   * (reason, decidedAt); a changed outcome adds a row, so history of outcome changes is kept. Every entry
   * must belong to {@code recordingId}.
   */
  public void saveDecisions(String recordingId, List<DecisionEntry> decisions) {
    checkBelongs(recordingId, decisions, DecisionEntry::recordingId, "decision");
    transactions.writeSql("save decisions of " + recordingId, c -> {
      for (DecisionEntry d : decisions) {
        upsertDecision(c, d);
      }
      return null;
    });
  }

  /** The decisions of one recording, by purpose then time. */
  public List<DecisionEntry> decisionsFor(String recordingId) {
    return transactions.readSql("list decisions of " + recordingId, c -> {
      List<DecisionEntry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "select recording_id, purpose, outcome, reason, decided_at from decisions"
              + " where recording_id = ? order by purpose, decided_at, outcome")) {
        ps.setString(1, recordingId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new DecisionEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Sql.instant(rs, 5)));
          }
        }
      }
      return out;
    });
  }

  // ---------------------------------------------------------------- commit point

  /**
   * The ingest commit point, in one transaction: saves the copies and decisions and moves the
   * recording (which must already be saved) to {@code state} with {@code reason}. On any failure nothing
   * of it is written.
   */
  public void finishRecording(String recordingId, String state, String reason, List<CopyEntry> copies,
      List<DecisionEntry> decisions) {
    finishRecording(recordingId, state, reason, copies, decisions, c -> { });
  }

  /**
   * More work that must commit, or not, together with a recording's outcome (its audit entry): it gets the
   * transaction, to pass to other repositories.
   */
  @FunctionalInterface
  public interface SameTransaction {
    void run(Tx tx) throws SQLException;
  }

  /** As above, and runs {@code also} in the same transaction, before the commit. */
  public void finishRecording(String recordingId, String state, String reason, List<CopyEntry> copies,
      List<DecisionEntry> decisions, SameTransaction also) {
    if (!RecordingEntry.STATES.contains(state)) {
      throw new IllegalArgumentException(
          "unknown recording state '" + state + "'; expected one of " + RecordingEntry.STATES);
    }
    checkBelongs(recordingId, copies, CopyEntry::recordingId, "copy");
    checkBelongs(recordingId, decisions, DecisionEntry::recordingId, "decision");
    transactions.write("finish recording " + recordingId, tx -> {
      tx.sql(c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "update recordings set state = ?, state_reason = ?, updated_at = ? where id = ?")) {
          ps.setString(1, state);
          ps.setString(2, cut(reason));
          Sql.setInstant(ps, 3, now());
          ps.setString(4, recordingId);
          if (ps.executeUpdate() == 0) {
            throw new CatalogException("cannot finish recording " + recordingId
                + ": it is not in the catalog (save it first)");
          }
        }
        writeOutcome(c, copies, decisions);
        return null;
      });
      also.run(tx);
      return null;
    });
  }

  /**
   * Everything one ingest of a drop file writes: the recording with its outcome, its call context and
   * masking counts (either may be absent), its new copies and decisions; the file's failure count is
   * cleared.
   */
  public record IngestCommit(RecordingEntry recording, String queue, String caseId, MaskingCounts masking,
      List<CopyEntry> copies, List<DecisionEntry> decisions, String fileRef, String integrityNote) {

    /** A commit of a recording whose WAV sizes were right (or not judged). */
    public IngestCommit(RecordingEntry recording, String queue, String caseId, MaskingCounts masking,
        List<CopyEntry> copies, List<DecisionEntry> decisions, String fileRef) {
      this(recording, queue, caseId, masking, copies, decisions, fileRef, null);
    }
  }

  /**
   * The ingest commit point: writes all of {@code commit} and runs {@code also} (the audit entry) in one
   * transaction, so a crash leaves either the whole outcome or none of it.
   */
  public void commitIngest(IngestCommit commit, SameTransaction also) {
    RecordingEntry r = Objects.requireNonNull(commit.recording(), "recording");
    if (!RecordingEntry.STATES.contains(r.state())) {
      throw new IllegalArgumentException(
          "unknown recording state '" + r.state() + "'; expected one of " + RecordingEntry.STATES);
    }
    checkBelongs(r.id(), commit.copies(), CopyEntry::recordingId, "copy");
    checkBelongs(r.id(), commit.decisions(), DecisionEntry::recordingId, "decision");
    transactions.write("commit ingest of " + r.id(), tx -> {
      tx.sql(c -> {
        upsertRecording(c, r);
        if (commit.queue() != null || commit.caseId() != null) {
          updateCallContext(c, r.id(), commit.queue(), commit.caseId());
        }
        if (commit.masking() != null) {
          updateMasking(c, r.id(), commit.masking());
        }
        if (commit.integrityNote() != null) {
          Sql.update(c, "update recordings set integrity_note = ? where id = ?", cut(commit.integrityNote()), r.id());
        }
        writeOutcome(c, commit.copies(), commit.decisions());
        deleteFailures(c, commit.fileRef());
        return null;
      });
      also.run(tx);
      return null;
    });
  }

  private void writeOutcome(Connection c, List<CopyEntry> copies, List<DecisionEntry> decisions) throws SQLException {
    for (CopyEntry copy : copies) {
      upsertCopy(c, copy);
    }
    for (DecisionEntry d : decisions) {
      upsertDecision(c, d);
    }
  }

  // ---------------------------------------------------------------- drop failures and quarantine

  /** Counts one more failed attempt on a drop file and returns the count so far (1 on the first call). */
  public int recordFailure(String fileRef, String sourceId, String reason) {
    return transactions.writeSql("record failure of " + fileRef, c -> {
      Instant now = now();
      try (PreparedStatement ps = c.prepareStatement("update drop_failures set attempts = attempts + 1,"
          + " source_id = ?, last_reason = ?, last_failed_at = ? where file_ref = ?")) {
        ps.setString(1, sourceId);
        ps.setString(2, cut(reason));
        Sql.setInstant(ps, 3, now);
        ps.setString(4, fileRef);
        if (ps.executeUpdate() == 0) {
          try (PreparedStatement ins = c.prepareStatement("insert into drop_failures"
              + " (file_ref, source_id, attempts, last_reason, last_failed_at) values (?, ?, 1, ?, ?)")) {
            ins.setString(1, fileRef);
            ins.setString(2, sourceId);
            ins.setString(3, cut(reason));
            Sql.setInstant(ins, 4, now);
            ins.executeUpdate();
          }
          return 1;
        }
      }
      try (PreparedStatement ps = c.prepareStatement("select attempts from drop_failures where file_ref = ?")) {
        ps.setString(1, fileRef);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    });
  }

  /** Forgets the failures of a drop file (after it was processed or quarantined). */
  public void clearFailures(String fileRef) {
    transactions.writeSql("clear failures of " + fileRef, c -> {
      deleteFailures(c, fileRef);
      return null;
    });
  }

  private static void deleteFailures(Connection c, String fileRef) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("delete from drop_failures where file_ref = ?")) {
      ps.setString(1, fileRef);
      ps.executeUpdate();
    }
  }

  /** Records a quarantined drop file; again for the same fileRef updates its reason and time. */
  public void recordQuarantine(QuarantineEntry q) {
    Objects.requireNonNull(q, "quarantine entry");
    transactions.writeSql("record quarantine of " + q.fileRef(), c -> {
      Instant at = q.at() == null ? now() : q.at();
      try (PreparedStatement ps = c.prepareStatement(
          "update quarantine set source_id = ?, reason = ?, quarantined_at = ? where file_ref = ?")) {
        ps.setString(1, q.sourceId());
        ps.setString(2, cut(q.reason()));
        Sql.setInstant(ps, 3, at);
        ps.setString(4, q.fileRef());
        if (ps.executeUpdate() == 0) {
          try (PreparedStatement ins = c.prepareStatement(
              "insert into quarantine (file_ref, source_id, reason, quarantined_at) values (?, ?, ?, ?)")) {
            ins.setString(1, q.fileRef());
            ins.setString(2, q.sourceId());
            ins.setString(3, cut(q.reason()));
            Sql.setInstant(ins, 4, at);
            ins.executeUpdate();
          }
        }
      }
      return null;
    });
  }

  /**
   * A quarantined file is back in its drop (the operator moved it back to retry it): forgets its quarantine
   * row and its failure count, so it gets its full number of attempts again, and runs {@code also} (the audit
   * entry) in the same transaction. Returns the quarantine entry it released, or empty when {@code fileRef}
   * was not in quarantine (nothing changes then).
   */
  public Optional<QuarantineEntry> releaseQuarantine(String fileRef, SameTransaction also) {
    Objects.requireNonNull(fileRef, "file ref");
    return transactions.write("release quarantine of " + fileRef, tx -> {
      Optional<QuarantineEntry> entry = tx.sql(c -> {
        Optional<QuarantineEntry> found = Optional.empty();
        try (PreparedStatement ps = c.prepareStatement(
            "select file_ref, source_id, reason, quarantined_at from quarantine where file_ref = ?")) {
          ps.setString(1, fileRef);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              found = Optional.of(new QuarantineEntry(rs.getString(1), rs.getString(2), rs.getString(3),
                  Sql.instant(rs, 4)));
            }
          }
        }
        if (found.isPresent()) {
          Sql.update(c, "delete from quarantine where file_ref = ?", fileRef);
          deleteFailures(c, fileRef);
        }
        return found;
      });
      if (entry.isPresent() && also != null) {
        also.run(tx);
      }
      return entry;
    });
  }

  /** The failures counted so far against a drop file (0 when none). */
  public int failuresOf(String fileRef) {
    return transactions.readSql("read failures of " + fileRef, c -> {
      try (PreparedStatement ps = c.prepareStatement("select attempts from drop_failures where file_ref = ?")) {
        ps.setString(1, fileRef);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getInt(1) : 0;
        }
      }
    });
  }

  /** Every quarantined file, oldest first. */
  public List<QuarantineEntry> quarantined() {
    return transactions.readSql("list quarantine", c -> {
      List<QuarantineEntry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("select file_ref, source_id, reason, quarantined_at"
          + " from quarantine order by quarantined_at, file_ref");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new QuarantineEntry(rs.getString(1), rs.getString(2), rs.getString(3), Sql.instant(rs, 4)));
        }
      }
      return out;
    });
  }

  // ---------------------------------------------------------------- summaries

  /** Purpose → number of copies currently in state STORED. */
  public Map<String, Long> copyCountsByPurpose() {
    return transactions.readSql("count copies", c -> Sql.counts(c,
        "select purpose, count(*) from copies where state = ? group by purpose", CopyEntry.STORED));
  }

  /** Recording state → number of recordings. */
  public Map<String, Long> recordingCountsByState() {
    return transactions.readSql("count recordings",
        c -> Sql.counts(c, "select state, count(*) from recordings group by state"));
  }

  /**
   * Purpose → outcome → number of recordings, counting only the latest decision per (recording, purpose).
   */
  public Map<String, Map<String, Long>> decisionCounts() {
    return transactions.readSql("count decisions", c -> {
      Map<String, Map<String, Long>> out = new TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement(
          "select d.purpose, d.outcome, count(*) from decisions d where " + LATEST
              + " group by d.purpose, d.outcome");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getLong(3));
        }
      }
      return out;
    });
  }

  /** Reason → number of recordings whose latest decision for {@code purpose} is DENIED. */
  public Map<String, Long> deniedReasonsByPurpose(String purpose) {
    return transactions.readSql("count denials of " + purpose, c -> Sql.counts(c,
        "select coalesce(d.reason, ''), count(*) from decisions d where d.purpose = ? and d.outcome = ? and "
            + LATEST + " group by coalesce(d.reason, '')", purpose, DecisionEntry.DENIED));
  }

  /** No later decision (ties broken by outcome) exists for the same recording and purpose. */
  private static final String LATEST = "not exists (select 1 from decisions n where n.recording_id = d.recording_id"
      + " and n.purpose = d.purpose and (n.decided_at > d.decided_at"
      + " or (n.decided_at = d.decided_at and n.outcome > d.outcome)))";

  // ---------------------------------------------------------------- SQL helpers

  private static final String RECORDING_COLUMNS = "id, source_id, unique_id, call_type, direction, start_time,"
      + " duration_seconds, billsec, disposition, subject_key, format, state, state_reason, updated_at";

  private void upsertRecording(Connection c, RecordingEntry r) throws SQLException {
    Instant updated = r.updatedAt() == null ? now() : r.updatedAt();
    try (PreparedStatement ps = c.prepareStatement("update recordings set source_id = ?, unique_id = ?,"
        + " call_type = ?, direction = ?, start_time = ?, duration_seconds = ?, billsec = ?, disposition = ?,"
        + " subject_key = ?, format = ?, state = ?, state_reason = ?, updated_at = ? where id = ?")) {
      bindRecording(ps, r, updated, 1);
      ps.setString(14, r.id());
      if (ps.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement ps = c.prepareStatement("insert into recordings (source_id, unique_id, call_type,"
        + " direction, start_time, duration_seconds, billsec, disposition, subject_key, format, state,"
        + " state_reason, updated_at, id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      bindRecording(ps, r, updated, 1);
      ps.setString(14, r.id());
      ps.executeUpdate();
    }
  }

  private void bindRecording(PreparedStatement ps, RecordingEntry r, Instant updated, int i) throws SQLException {
    ps.setString(i++, r.sourceId());
    ps.setString(i++, r.uniqueId());
    ps.setString(i++, r.callType());
    ps.setString(i++, r.direction());
    Sql.setInstant(ps, i++, r.start());
    ps.setObject(i++, r.durationSeconds(), Types.INTEGER);
    ps.setObject(i++, r.billsec(), Types.INTEGER);
    ps.setString(i++, r.disposition());
    ps.setString(i++, r.subjectKey());
    ps.setString(i++, r.format());
    ps.setString(i++, r.state());
    ps.setString(i++, cut(r.stateReason()));
    Sql.setInstant(ps, i, updated);
  }

  private List<RecordingEntry> queryRecordings(Connection c, String where, String arg) throws SQLException {
    List<RecordingEntry> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("select " + RECORDING_COLUMNS + " from recordings " + where)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new RecordingEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), Sql.instant(rs, 6), Sql.integer(rs, 7), Sql.integer(rs, 8), rs.getString(9),
              rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13), Sql.instant(rs, 14)));
        }
      }
    }
    return out;
  }

  private static void upsertCopy(Connection c, CopyEntry e) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("update copies set legal_basis = ?, bucket = ?,"
        + " object_key = ?, retain_until = ?, plaintext_sha256 = ?, plaintext_size = ?, ciphertext_sha256 = ?,"
        + " ciphertext_size = ?, format = ?, state = ?, stored_at = ? where recording_id = ? and purpose = ?")) {
      bindCopy(ps, e);
      if (ps.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement ps = c.prepareStatement("insert into copies (legal_basis, bucket, object_key,"
        + " retain_until, plaintext_sha256, plaintext_size, ciphertext_sha256, ciphertext_size, format, state,"
        + " stored_at, recording_id, purpose) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      bindCopy(ps, e);
      ps.executeUpdate();
    }
  }

  private static void bindCopy(PreparedStatement ps, CopyEntry e) throws SQLException {
    ps.setString(1, e.legalBasis());
    ps.setString(2, e.bucket());
    ps.setString(3, e.objectKey());
    Sql.setInstant(ps, 4, e.retainUntil());
    ps.setString(5, e.plaintextSha256());
    ps.setLong(6, e.plaintextSize());
    ps.setString(7, e.ciphertextSha256());
    ps.setLong(8, e.ciphertextSize());
    ps.setString(9, e.format());
    ps.setString(10, e.state());
    Sql.setInstant(ps, 11, e.storedAt());
    ps.setString(12, e.recordingId());
    ps.setString(13, e.purpose());
  }

  private static List<CopyEntry> queryCopies(Connection c, String where, String... args) throws SQLException {
    List<CopyEntry> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("select recording_id, purpose, legal_basis, bucket,"
        + " object_key, retain_until, plaintext_sha256, plaintext_size, ciphertext_sha256, ciphertext_size,"
        + " format, state, stored_at from copies " + where)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new CopyEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
              rs.getString(5), Sql.instant(rs, 6), rs.getString(7), rs.getLong(8), rs.getString(9), rs.getLong(10),
              rs.getString(11), rs.getString(12), Sql.instant(rs, 13)));
        }
      }
    }
    return out;
  }

  private void upsertDecision(Connection c, DecisionEntry d) throws SQLException {
    Instant at = d.decidedAt() == null ? now() : d.decidedAt();
    try (PreparedStatement ps = c.prepareStatement("update decisions set reason = ?, decided_at = ?"
        + " where recording_id = ? and purpose = ? and outcome = ?")) {
      bindDecision(ps, d, at);
      if (ps.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement ps = c.prepareStatement("insert into decisions (reason, decided_at, recording_id,"
        + " purpose, outcome) values (?, ?, ?, ?, ?)")) {
      bindDecision(ps, d, at);
      ps.executeUpdate();
    }
  }

  private static void bindDecision(PreparedStatement ps, DecisionEntry d, Instant at) throws SQLException {
    ps.setString(1, cut(d.reason()));
    Sql.setInstant(ps, 2, at);
    ps.setString(3, d.recordingId());
    ps.setString(4, d.purpose());
    ps.setString(5, d.outcome());
  }

  private static <T> void checkBelongs(String recordingId, List<T> entries,
      java.util.function.Function<T, String> owner, String what) {
    Objects.requireNonNull(recordingId, "recordingId");
    Objects.requireNonNull(entries, what + " list");
    for (T e : entries) {
      if (!recordingId.equals(owner.apply(e))) {
        throw new IllegalArgumentException(
            "a " + what + " of recording " + owner.apply(e) + " was given for recording " + recordingId);
      }
    }
  }

  private static String cut(String reason) {
    return Sql.cut(reason, MAX_REASON);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
