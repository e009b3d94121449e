package io.callvault.retention;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import io.callvault.policy.ExpiryAction;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import io.callvault.store.DeleteOutcome;
import io.callvault.store.ObjectStore;
import io.callvault.store.StoreException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention sweep: finds, in the catalog (never in an S3 listing), the copies whose retain-until
 * has passed and that no legal hold covers, and deletes or anonymises them as their purpose says;
 * clears identifying metadata of recordings past their purposes' pseudonymise-after.
 *
 * <p><b>Crash safety.</b> Before a copy's object is touched, an intent row ({@code retention_intents})
 * names the copy and the action. The copy is marked DELETED/ANONYMISED, its tombstone (and statistics
 * record) written and its intent removed in one transaction, and only after S3 confirmed the erasure:
 * {@link ObjectStore#deleteAll} checks each key after the delete (a listing of the batch's prefix or a HEAD,
 * and the versions left on a versioned bucket), so a delete the server acknowledged but did not carry out keeps its intent, is
 * reported as an error, and is retried by the next sweep. So no copy is ever marked erased while its
 * object still exists, and a copy whose object may be gone is always flagged by its intent. Each sweep
 * first finishes the intents left by an earlier one (S3 deletes are idempotent), and counts each copy
 * once: in the sweep whose transaction marked it.
 *
 * <p><b>Unfinished erasures.</b> Then it retries the erasures (Art. 17) that S3 had not confirmed or that a
 * legal hold had deferred ({@link UnfinishedErasures}, counted as {@link SweepAction#ERASE}).
 *
 * <p><b>Why anonymise removes the audio.</b> A voice is biometric and identifying in itself, and a
 * call's content names people, accounts and places; no in-place transformation of the audio makes
 * it anonymous in the GDPR sense (Recital 26), so "anonymise" keeps only a de-identified statistics
 * row (day, duration, direction, call type, queue, purpose, disposition, source PBX) and erases the
 * audio.
 *
 * <p><b>Recording ids after anonymisation.</b> The ingest id is derived from the PBX source and
 * unique id, so anyone with the PBX's CDR (which also holds the phone numbers) can recompute it: it is
 * a pseudonym. When the last copy of a recording is gone and one of them was anonymised, the
 * recording and every catalog row that points to it (copies, decisions, tombstones, released holds)
 * are re-keyed to a fresh random id, and object keys (which embed the old id) are replaced. When all
 * copies were simply deleted, the id is kept as the link of the tombstones, which are evidence of
 * erasure; identifiers (subject key, PBX unique id, case id, time of day) are removed either way.
 */
public final class RetentionSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);

  /** Copies per batch unless told otherwise; also S3's limit of keys per multi-object delete. */
  public static final int DEFAULT_BATCH = 1000;

  private static final int MAX_ERRORS = 100;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String REMOVED_KEY = "(removed with the recording's identifiers)";

  private final Jdbc jdbc;
  private final ObjectStore store;
  private final Holds holds;
  private final PolicySet policies;
  private final Clock clock;
  private final SweepReports reports;
  private final UnfinishedErasures unfinished;

  public RetentionSweeper(Catalog catalog, ObjectStore store, Holds holds, PolicySet policies, Clock clock) {
    this(catalog, store, holds, policies, clock, UnfinishedErasures.NONE);
  }

  /** A sweep that also retries, first, the erasures {@code unfinished} could not finish. */
  public RetentionSweeper(Catalog catalog, ObjectStore store, Holds holds, PolicySet policies, Clock clock,
      UnfinishedErasures unfinished) {
    this.unfinished = Objects.requireNonNull(unfinished, "unfinished");
    this.jdbc = new Jdbc(catalog.dataSource());
    this.store = Objects.requireNonNull(store, "store");
    this.holds = Objects.requireNonNull(holds, "holds");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.reports = new SweepReports(catalog.dataSource());
  }

  /** {@link #sweep(boolean, int)} with batches of {@value #DEFAULT_BATCH}. */
  public SweepReport sweep(boolean dryRun) {
    return sweep(dryRun, DEFAULT_BATCH);
  }

  /**
   * Runs one sweep. A real sweep stores its report in the catalog, also when it fails half-way (then
   * with the failure among its errors, and the exception is rethrown); a dry run changes nothing, in
   * S3 or in the catalog, and only returns what it would do.
   *
   * @param batchSize copies handled per batch (and per multi-object delete request per bucket), 1..1000
   */
  public SweepReport sweep(boolean dryRun, int batchSize) {
    if (batchSize < 1 || batchSize > ObjectStore.MAX_KEYS_PER_DELETE) {
      throw new IllegalArgumentException("batch size must be 1.." + ObjectStore.MAX_KEYS_PER_DELETE
          + ", got " + batchSize);
    }
    Run run = new Run("sweep_" + hex(8), clock.instant(), dryRun);
    RuntimeException crash = null;
    try {
      finishIntents(run, batchSize);
      retryErasures(run);
      expire(run, batchSize);
      pseudonymise(run, batchSize);
      countKept(run);
    } catch (RuntimeException e) {
      run.error("sweep aborted: " + e.getMessage() + "; the next sweep finishes what was started");
      crash = e;
    }
    try {
      holds.overdue(run.now).forEach(h -> run.overdue.add(h.describe()));
    } catch (RuntimeException e) {
      run.error("cannot list overdue holds: " + e.getMessage());
    }
    SweepReport report = run.report(clock.instant());
    if (!dryRun) {
      try {
        reports.save(report);
      } catch (RuntimeException e) {
        if (crash == null) {
          throw e;
        }
        crash.addSuppressed(e);
      }
    }
    if (crash != null) {
      throw crash;
    }
    LOG.info("{}", report.render());
    return report;
  }

  // ---------------------------------------------------------------- phase 1: intents left by a crash

  private void finishIntents(Run run, int batchSize) {
    String[] after = {"", ""};
    while (true) {
      List<Target> page = jdbc.inTransaction("read retention intents", c -> {
        List<Target> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select i.recording_id, i.purpose, i.action,"
            + " c.legal_basis, c.bucket, c.object_key, c.retain_until, c.state, "
            + " case when " + Holds.heldCondition("r") + " then 1 else 0 end"
            + " from retention_intents i"
            + " left join copies c on c.recording_id = i.recording_id and c.purpose = i.purpose"
            + " left join recordings r on r.id = i.recording_id"
            + " where i.recording_id > ? or (i.recording_id = ? and i.purpose > ?)"
            + " order by i.recording_id, i.purpose limit ?")) {
          ps.setString(1, after[0]);
          ps.setString(2, after[0]);
          ps.setString(3, after[1]);
          ps.setInt(4, batchSize);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(new Target(rs.getString(1), rs.getString(2), SweepAction.valueOf(rs.getString(3)),
                  rs.getString(4), rs.getString(5), rs.getString(6), Jdbc.instant(rs, 7), rs.getString(8),
                  rs.getInt(9) == 1));
            }
          }
        }
        return out;
      });
      if (page.isEmpty()) {
        return;
      }
      Target last = page.get(page.size() - 1);
      after[0] = last.recordingId;
      after[1] = last.purpose;

      List<Target> todo = new ArrayList<>();
      for (Target t : page) {
        if (!CopyEntry.STORED.equals(t.copyState)) {
          if (!run.dryRun) {
            dropIntent(t); // finished or gone: nothing left to do
          }
        } else if (t.held && store.exists(t.bucket, t.objectKey)) {
          // a hold arrived after the copy was chosen and before its object was touched: the hold wins
          run.note("copy " + t.recordingId + "/" + t.purpose + " came under a legal hold before its erasure;"
              + " kept");
          run.count(t.purpose, SweepAction.HELD);
          if (!run.dryRun) {
            dropIntent(t);
          }
        } else {
          if (t.held) {
            run.note("copy " + t.recordingId + "/" + t.purpose + " came under a legal hold after its object"
                + " was erased by an interrupted sweep; recorded as erased");
          }
          todo.add(t);
        }
      }
      if (run.dryRun) {
        todo.forEach(t -> run.count(t.purpose, t.action));
      } else {
        erase(run, todo);
      }
    }
  }

  private void dropIntent(Target t) {
    jdbc.inTransaction("drop intent", c -> {
      deleteIntent(c, t.recordingId, t.purpose);
      return null;
    });
  }

  // ---------------------------------------------------------------- phase 2: unfinished erasures

  private void retryErasures(Run run) {
    UnfinishedErasures.Retried retried;
    try {
      retried = unfinished.retry(run.dryRun);
    } catch (RuntimeException e) {
      run.error("unfinished erasures were not retried: " + e.getMessage() + "; the next sweep tries again");
      return;
    }
    retried.erased().forEach((purpose, n) -> run.count(purpose, SweepAction.ERASE, n));
    retried.stillPending().forEach(run::error);
    retried.notes().forEach(run::note);
  }

  // ---------------------------------------------------------------- phase 3: expired copies

  private void expire(Run run, int batchSize) {
    List<String> names = configuredPurposes();
    String where = " from copies c join recordings r on r.id = c.recording_id"
        + " where c.state = 'STORED' and c.retain_until < ? and c.purpose in (" + placeholders(names.size())
        + ") and not exists (select 1 from retention_intents i where i.recording_id = c.recording_id"
        + " and i.purpose = c.purpose) and not " + Holds.heldCondition("r");
    if (run.dryRun) {
      jdbc.inTransaction("count expired copies", c -> {
        try (PreparedStatement ps = c.prepareStatement("select c.purpose, count(*)" + where
            + " group by c.purpose")) {
          bindNowAndPurposes(ps, run.now, names);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              run.count(rs.getString(1), actionOf(rs.getString(1)), rs.getLong(2));
            }
          }
        }
        return null;
      });
      return;
    }
    while (true) {
      List<Target> batch = jdbc.inTransaction("choose expired copies", c -> {
        List<Target> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select c.recording_id, c.purpose, c.legal_basis,"
            + " c.bucket, c.object_key, c.retain_until" + where
            // no ORDER BY: the database can stop at the limit instead of sorting every expired copy;
            // the intent rows, not the order, say which copies a batch took
            + " limit ?")) {
          int i = bindNowAndPurposes(ps, run.now, names);
          ps.setInt(i, batchSize);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(new Target(rs.getString(1), rs.getString(2), actionOf(rs.getString(2)), rs.getString(3),
                  rs.getString(4), rs.getString(5), Jdbc.instant(rs, 6), CopyEntry.STORED, false));
            }
          }
        }
        try (PreparedStatement ps = c.prepareStatement("insert into retention_intents (recording_id, purpose,"
            + " action, sweep_id, created_at) values (?, ?, ?, ?, ?)")) {
          for (Target t : out) {
            ps.setString(1, t.recordingId);
            ps.setString(2, t.purpose);
            ps.setString(3, t.action.name());
            ps.setString(4, run.id);
            Jdbc.setInstant(ps, 5, run.now);
            ps.addBatch();
          }
          ps.executeBatch();
        }
        return out;
      });
      if (batch.isEmpty()) {
        return;
      }
      erase(run, batch);
    }
  }

  /** Erases the objects bucket by bucket, then marks what S3 confirmed. Failures stay as intents. */
  private void erase(Run run, List<Target> chosen) {
    // a hold placed after the batch was chosen still wins: check again just before deleting
    Set<String> heldNow = holds.heldAmong(chosen.stream().map(t -> t.recordingId).toList());
    List<Target> targets = chosen;
    if (!heldNow.isEmpty()) {
      targets = chosen.stream().filter(t -> !heldNow.contains(t.recordingId)).toList();
      List<Target> spared = chosen.stream().filter(t -> heldNow.contains(t.recordingId)).toList(); // counted as HELD at the end
      jdbc.inTransaction("release intents of held copies", c -> {
        for (Target t : spared) {
          deleteIntent(c, t.recordingId, t.purpose);
        }
        return null;
      });
    }
    Map<String, List<Target>> byBucket = targets.stream()
        .collect(Collectors.groupingBy(t -> t.bucket, LinkedHashMap::new, Collectors.toList()));
    for (Map.Entry<String, List<Target>> e : byBucket.entrySet()) {
      String bucket = e.getKey();
      List<String> keys = e.getValue().stream().map(t -> t.objectKey).distinct().toList();
      DeleteOutcome outcome;
      try {
        // after retain-until a governance lock has lapsed: no bypass needed (nor wanted)
        outcome = store.deleteAll(bucket, keys, false);
      } catch (StoreException ex) {
        run.error("bucket " + bucket + ": " + e.getValue().size() + " copies not erased, the next sweep"
            + " retries: " + ex.getMessage());
        continue;
      }
      if (outcome.versioning() == DeleteOutcome.Versioning.NOT_SUPPORTED) {
        run.note("bucket " + bucket + ": the S3 server does not implement versioning; plain deletes were used"
            + " (the bucket is treated as unversioned)");
      }
      outcome.failed().forEach((key, code) -> run.error("s3://" + bucket + "/" + key + ": " + code
          + "; the copy stays marked for erasure and the next sweep retries"));
      Set<String> gone = new java.util.HashSet<>(outcome.deleted());
      List<Target> done = e.getValue().stream().filter(t -> gone.contains(t.objectKey)).toList();
      Map<String, Map<SweepAction, Long>> counted = jdbc.inTransaction("mark erased copies",
          c -> markErased(c, run, done, outcome.versioning()));
      counted.forEach((purpose, m) -> m.forEach((action, n) -> run.count(purpose, action, n)));
    }
  }

  private Map<String, Map<SweepAction, Long>> markErased(Connection c, Run run, List<Target> done,
      DeleteOutcome.Versioning versioning) throws SQLException {
    Map<String, Map<SweepAction, Long>> counted = new TreeMap<>();
    Set<String> recordings = new LinkedHashSet<>();
    for (Target t : done) {
      String state = t.action == SweepAction.ANONYMISE ? CopyEntry.ANONYMISED : CopyEntry.DELETED;
      int updated;
      try (PreparedStatement ps = c.prepareStatement("update copies set state = ? where recording_id = ?"
          + " and purpose = ? and state = 'STORED'")) {
        ps.setString(1, state);
        ps.setString(2, t.recordingId);
        ps.setString(3, t.purpose);
        updated = ps.executeUpdate();
      }
      deleteIntent(c, t.recordingId, t.purpose);
      if (updated == 0) {
        continue;
      }
      if (t.action == SweepAction.ANONYMISE) {
        insertStatistics(c, t);
      }
      writeTombstone(c, run, t, versioning);
      counted.computeIfAbsent(t.purpose, k -> new EnumMap<>(SweepAction.class)).merge(t.action, 1L, Long::sum);
      recordings.add(t.recordingId);
    }
    for (String recordingId : recordings) {
      if (!anyLeft(c, recordingId)) {
        stripIdentifiers(c, recordingId, run.now);
      }
    }
    return counted;
  }

  private void insertStatistics(Connection c, Target t) throws SQLException {
    try (PreparedStatement read = c.prepareStatement("select start_time, duration_seconds, direction,"
        + " call_type, queue, disposition, source_id from recordings where id = ?")) {
      read.setString(1, t.recordingId);
      try (ResultSet rs = read.executeQuery()) {
        if (!rs.next()) {
          return;
        }
        Instant start = Jdbc.instant(rs, 1);
        try (PreparedStatement ps = c.prepareStatement("insert into call_statistics (call_day,"
            + " duration_seconds, direction, call_type, queue, purpose, disposition, source_id)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
          if (start == null) {
            ps.setNull(1, Types.DATE);
          } else {
            ps.setDate(1, Date.valueOf(LocalDate.ofInstant(start, ZoneOffset.UTC)));
          }
          ps.setObject(2, Jdbc.integer(rs, 2), Types.INTEGER);
          ps.setString(3, rs.getString(3));
          ps.setString(4, rs.getString(4));
          ps.setString(5, rs.getString(5));
          ps.setString(6, t.purpose);
          ps.setString(7, rs.getString(6));
          ps.setString(8, rs.getString(7));
          ps.executeUpdate();
        }
      }
    }
  }

  private void writeTombstone(Connection c, Run run, Target t, DeleteOutcome.Versioning versioning)
      throws SQLException {
    Purpose p = policies.byName(t.purpose).orElse(null);
    String reason = (p == null ? "retention" : "retention " + p.retention()) + " of purpose " + t.purpose
        + " ended " + LocalDate.ofInstant(t.retainUntil, ZoneOffset.UTC) + "; on-expiry: " + t.action.word();
    try (PreparedStatement ps = c.prepareStatement("delete from tombstones where recording_id = ? and purpose = ?")) {
      ps.setString(1, t.recordingId);
      ps.setString(2, t.purpose);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("insert into tombstones (recording_id, purpose, legal_basis,"
        + " bucket, object_key, action, reason, deleted_at, sweep_id, versioning)"
        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, t.recordingId);
      ps.setString(2, t.purpose);
      ps.setString(3, t.legalBasis);
      ps.setString(4, t.bucket);
      ps.setString(5, t.objectKey);
      ps.setString(6, t.action.name());
      ps.setString(7, reason);
      Jdbc.setInstant(ps, 8, run.now);
      ps.setString(9, run.id);
      ps.setString(10, versioning.name());
      ps.executeUpdate();
    }
  }

  /** Whether the recording still has a stored copy, or one in the middle of its erasure. */
  private static boolean anyLeft(Connection c, String recordingId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select count(*) from copies where recording_id = ?"
        + " and state in ('STORED', 'ERASE_PENDING')")) {
      ps.setString(1, recordingId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  /**
   * The last copy is gone: no identifier of the call may stay. Clears subject key, PBX unique id and
   * case id; cuts every timestamp tied to the call to its day; blanks digests of the erased audio; and
   * re-keys the recording when a copy was anonymised (see the class comment).
   */
  private void stripIdentifiers(Connection c, String recordingId, Instant now) throws SQLException {
    pseudonymiseRecording(c, recordingId, now, "identifiers removed by the retention sweep after its last copy");
    try (PreparedStatement ps = c.prepareStatement("update copies set plaintext_sha256 = '',"
        + " ciphertext_sha256 = '' where recording_id = ? and state <> 'STORED'")) {
      ps.setString(1, recordingId);
      ps.executeUpdate();
    }
    List<Object[]> tombs = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "select purpose, deleted_at from tombstones where recording_id = ?")) {
      ps.setString(1, recordingId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tombs.add(new Object[] {rs.getString(1), Jdbc.instant(rs, 2)});
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "update tombstones set deleted_at = ? where recording_id = ? and purpose = ?")) {
      for (Object[] t : tombs) {
        Jdbc.setInstant(ps, 1, Jdbc.day((Instant) t[1]));
        ps.setString(2, recordingId);
        ps.setString(3, (String) t[0]);
        ps.executeUpdate();
      }
    }
    boolean anonymised;
    try (PreparedStatement ps = c.prepareStatement("select count(*) from copies where recording_id = ?"
        + " and state = 'ANONYMISED'")) {
      ps.setString(1, recordingId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        anonymised = rs.getLong(1) > 0;
      }
    }
    if (anonymised) {
      rekey(c, recordingId, "anon_" + hex(12));
    }
  }

  private static void rekey(Connection c, String oldId, String newId) throws SQLException {
    String columns = "source_id, unique_id, call_type, direction, start_time, duration_seconds, billsec,"
        + " disposition, subject_key, format, state, state_reason, updated_at, case_id, queue, pseudonymised_at";
    try (PreparedStatement ps = c.prepareStatement("insert into recordings (id, " + columns + ") select ?, "
        + columns + " from recordings where id = ?")) {
      ps.setString(1, newId);
      ps.setString(2, oldId);
      ps.executeUpdate();
    }
    update(c, "update copies set recording_id = ?, object_key = ? where recording_id = ?", newId, REMOVED_KEY,
        oldId);
    update(c, "update decisions set recording_id = ? where recording_id = ?", newId, oldId);
    update(c, "update tombstones set recording_id = ?, object_key = ? where recording_id = ?", newId,
        REMOVED_KEY, oldId);
    update(c, "update legal_holds set target = ? where scope = 'RECORDING' and target = ?", newId, oldId);
    update(c, "update unfinished_erasures set recording_id = ? where recording_id = ?", newId, oldId);
    update(c, "delete from recordings where id = ?", oldId);
  }

  /**
   * Clears the recording's identifying metadata (subject key, PBX unique id, case id) and cuts the
   * timestamps tied to the call (start, decisions, copies' stored-at and retain-until) to the day;
   * retain-until is rounded up, so no copy expires earlier. Returns whether the recording changed.
   */
  private static boolean pseudonymiseRecording(Connection c, String recordingId, Instant now, String reason)
      throws SQLException {
    Instant start;
    try (PreparedStatement ps = c.prepareStatement("select start_time from recordings where id = ?")) {
      ps.setString(1, recordingId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        start = Jdbc.instant(rs, 1);
      }
    }
    try (PreparedStatement ps = c.prepareStatement("update recordings set subject_key = null, unique_id = null,"
        + " case_id = null, start_time = ?, updated_at = ?, state_reason = ?,"
        + " pseudonymised_at = coalesce(pseudonymised_at, ?) where id = ?")) {
      Jdbc.setInstant(ps, 1, Jdbc.day(start));
      Jdbc.setInstant(ps, 2, Jdbc.day(now));
      ps.setString(3, reason);
      Jdbc.setInstant(ps, 4, Jdbc.day(now));
      ps.setString(5, recordingId);
      ps.executeUpdate();
    }
    List<Object[]> decisions = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "select purpose, outcome, decided_at from decisions where recording_id = ?")) {
      ps.setString(1, recordingId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          decisions.add(new Object[] {rs.getString(1), rs.getString(2), Jdbc.instant(rs, 3)});
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("update decisions set decided_at = ?"
        + " where recording_id = ? and purpose = ? and outcome = ?")) {
      for (Object[] d : decisions) {
        Jdbc.setInstant(ps, 1, Jdbc.day((Instant) d[2]));
        ps.setString(2, recordingId);
        ps.setString(3, (String) d[0]);
        ps.setString(4, (String) d[1]);
        ps.executeUpdate();
      }
    }
    List<Object[]> copies = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "select purpose, stored_at, retain_until from copies where recording_id = ?")) {
      ps.setString(1, recordingId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          copies.add(new Object[] {rs.getString(1), Jdbc.instant(rs, 2), Jdbc.instant(rs, 3)});
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("update copies set stored_at = ?, retain_until = ?"
        + " where recording_id = ? and purpose = ?")) {
      for (Object[] cp : copies) {
        Jdbc.setInstant(ps, 1, Jdbc.day((Instant) cp[1]));
        Jdbc.setInstant(ps, 2, Jdbc.dayCeiling((Instant) cp[2]));
        ps.setString(3, recordingId);
        ps.setString(4, (String) cp[0]);
        ps.executeUpdate();
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- phase 4: pseudonymise-after

  /**
   * A recording is pseudonymised once every stored copy of it belongs to a purpose whose
   * pseudonymise-after has passed (identifiers are per recording, so one purpose that still needs
   * them keeps them for all), and no hold covers it.
   */
  private void pseudonymise(Run run, int batchSize) {
    Map<String, Period> after = new TreeMap<>();
    for (Purpose p : policies.purposes()) {
      if (p.pseudonymiseAfter() != null) {
        after.put(p.name(), p.pseudonymiseAfter());
      }
    }
    if (after.isEmpty()) {
      return;
    }
    List<String> names = new ArrayList<>(after.keySet());
    String[] cursor = {""};
    while (true) {
      List<String[]> page = jdbc.inTransaction("choose recordings to pseudonymise", c -> {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select distinct r.id from recordings r join copies c"
            + " on c.recording_id = r.id where c.state = 'STORED' and c.retain_until >= ? and c.purpose in ("
            + placeholders(names.size()) + ") and r.pseudonymised_at is null and r.start_time is not null"
            + " and r.id > ? and not " + Holds.heldCondition("r") + " order by r.id limit ?")) {
          int i = bindNowAndPurposes(ps, run.now, names);
          ps.setString(i++, cursor[0]);
          ps.setInt(i, batchSize);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(new String[] {rs.getString(1)});
            }
          }
        }
        return out;
      });
      if (page.isEmpty()) {
        return;
      }
      cursor[0] = page.get(page.size() - 1)[0];
      List<String> ids = page.stream().map(r -> r[0]).toList();
      Map<String, Map<SweepAction, Long>> counted = jdbc.inTransaction("pseudonymise recordings", c -> {
        Map<String, Map<SweepAction, Long>> n = new TreeMap<>();
        for (String id : ids) {
          List<String> purposes = duePurposes(c, id, after, run.now);
          if (purposes.isEmpty()) {
            continue;
          }
          if (!run.dryRun) {
            pseudonymiseRecording(c, id, run.now, "pseudonymised after "
                + purposes.stream().map(p -> p + " " + after.get(p)).collect(Collectors.joining(", ")));
          }
          for (String p : purposes) {
            n.computeIfAbsent(p, k -> new EnumMap<>(SweepAction.class)).merge(SweepAction.PSEUDONYMISE, 1L,
                Long::sum);
          }
        }
        return n;
      });
      counted.forEach((purpose, m) -> m.forEach((action, n) -> run.count(purpose, action, n)));
    }
  }

  /** The purposes of the recording's stored copies when all are past pseudonymise-after; else empty. */
  private static List<String> duePurposes(Connection c, String recordingId, Map<String, Period> after,
      Instant now) throws SQLException {
    Instant start;
    List<String> purposes = new ArrayList<>();
    // expired copies are the erasure's business (they are gone by now in a real sweep)
    try (PreparedStatement ps = c.prepareStatement("select r.start_time, c.purpose from recordings r"
        + " join copies c on c.recording_id = r.id where r.id = ? and c.state = 'STORED'"
        + " and c.retain_until >= ?")) {
      ps.setString(1, recordingId);
      Jdbc.setInstant(ps, 2, now);
      try (ResultSet rs = ps.executeQuery()) {
        start = null;
        while (rs.next()) {
          start = Jdbc.instant(rs, 1);
          purposes.add(rs.getString(2));
        }
      }
    }
    if (start == null || purposes.isEmpty()) {
      return List.of();
    }
    for (String p : purposes) {
      Period period = after.get(p);
      if (period == null || start.atZone(ZoneOffset.UTC).plus(period).toInstant().isAfter(now)) {
        return List.of();
      }
    }
    Collections.sort(purposes);
    return purposes;
  }

  // ---------------------------------------------------------------- phase 5: what stays and why

  private void countKept(Run run) {
    List<String> names = configuredPurposes();
    jdbc.inTransaction("count held copies", c -> {
      try (PreparedStatement ps = c.prepareStatement("select c.purpose, count(*) from copies c"
          + " join recordings r on r.id = c.recording_id where c.state = 'STORED' and c.retain_until < ?"
          + " and " + Holds.heldCondition("r") + " group by c.purpose")) {
        Jdbc.setInstant(ps, 1, run.now);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            run.count(rs.getString(1), SweepAction.HELD, rs.getLong(2));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("select c.purpose, count(*) from copies c"
          + " join recordings r on r.id = c.recording_id where c.state = 'STORED' and c.retain_until < ?"
          + " and c.purpose not in (" + placeholders(names.size()) + ") and not " + Holds.heldCondition("r")
          + " group by c.purpose")) {
        bindNowAndPurposes(ps, run.now, names);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            run.count(rs.getString(1), SweepAction.KEPT, rs.getLong(2));
            run.error(rs.getLong(2) + " expired copies of purpose '" + rs.getString(1) + "' were kept: policies.yaml"
                + " no longer defines that purpose, so its on-expiry is unknown; add it back (with on-expiry)"
                + " to let the sweep erase them");
          }
        }
      }
      return null;
    });
  }

  // ---------------------------------------------------------------- helpers

  private List<String> configuredPurposes() {
    return policies.purposes().stream().map(Purpose::name).toList();
  }

  private SweepAction actionOf(String purpose) {
    Purpose p = policies.byName(purpose).orElseThrow(() -> new IllegalStateException(
        "purpose " + purpose + " is not configured"));
    return p.onExpiry() == ExpiryAction.ANONYMISE ? SweepAction.ANONYMISE : SweepAction.DELETE;
  }

  private static int bindNowAndPurposes(PreparedStatement ps, Instant now, List<String> names)
      throws SQLException {
    Jdbc.setInstant(ps, 1, now);
    int i = 2;
    for (String n : names) {
      ps.setString(i++, n);
    }
    return i;
  }

  private static void deleteIntent(Connection c, String recordingId, String purpose) throws SQLException {
    update(c, "delete from retention_intents where recording_id = ? and purpose = ?", recordingId, purpose);
  }

  private static void update(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  private static String placeholders(int n) {
    return String.join(", ", Collections.nCopies(Math.max(1, n), "?"));
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** One copy the sweep works on. */
  private record Target(String recordingId, String purpose, SweepAction action, String legalBasis, String bucket,
      String objectKey, Instant retainUntil, String copyState, boolean held) {}

  /** The state of one sweep while it runs. */
  private static final class Run {
    final String id;
    final Instant now;
    final boolean dryRun;
    final Map<String, Map<SweepAction, Long>> counts = new TreeMap<>();
    final List<String> errors = new ArrayList<>();
    final Set<String> notes = new LinkedHashSet<>();
    final List<String> overdue = new ArrayList<>();
    int droppedErrors;

    Run(String id, Instant now, boolean dryRun) {
      this.id = id;
      this.now = now;
      this.dryRun = dryRun;
    }

    void count(String purpose, SweepAction action) {
      count(purpose, action, 1);
    }

    void count(String purpose, SweepAction action, long n) {
      counts.computeIfAbsent(purpose, k -> new EnumMap<>(SweepAction.class)).merge(action, n, Long::sum);
    }

    void error(String message) {
      if (errors.size() < MAX_ERRORS) {
        errors.add(message);
      } else {
        droppedErrors++;
      }
      LOG.warn("retention sweep {}: {}", id, message);
    }

    void note(String message) {
      notes.add(message);
    }

    SweepReport report(Instant finished) {
      List<String> e = new ArrayList<>(errors);
      if (droppedErrors > 0) {
        e.add("... and " + droppedErrors + " more errors");
      }
      return new SweepReport(id, now, finished, dryRun, counts, e, overdue, new ArrayList<>(notes));
    }
  }
}
