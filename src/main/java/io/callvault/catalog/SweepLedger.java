package io.callvault.catalog;

import io.callvault.retention.SweepAction;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the retention sweep reads and writes in the catalog: its intents ({@code retention_intents}), the batches
 * of expired copies it takes, the copies it marks erased with their tombstones and statistics rows, and the
 * identifiers it removes from recordings. The phases of a sweep, and what it counts, are
 * {@link io.callvault.retention.RetentionSweeper}'s. Queries page with a limit and a key, never with an offset.
 */
public final class SweepLedger {

  /** What an anonymised recording's object keys become: they embed its former id. */
  private static final String REMOVED_KEY = "(removed with the recording's identifiers)";

  /**
   * One copy the sweep works on, with its intent's action; {@code copyState} is null when the copy is gone, and
   * {@code held} says whether an active hold covers its recording.
   */
  public record Target(String recordingId, String purpose, SweepAction action, String legalBasis, String bucket,
      String objectKey, Instant retainUntil, String copyState, boolean held) {}

  /** A recording's start and the purposes of its stored copies not expired yet (none: nothing to pseudonymise). */
  public record Stored(Instant start, List<String> purposes) {}

  /** Expired, stored copies the sweep keeps, per purpose: under a hold, or of a purpose no longer configured. */
  public record Kept(Map<String, Long> held, Map<String, Long> unconfigured) {}

  private final Transactions transactions;

  public SweepLedger(Catalog catalog) {
    this.transactions = Objects.requireNonNull(catalog, "catalog").transactions();
  }

  // ---------------------------------------------------------------- intents

  /** Up to {@code limit} intents after (recording, purpose) {@code afterRecording}/{@code afterPurpose}, in order. */
  public List<Target> intents(String afterRecording, String afterPurpose, int limit) {
    return transactions.readSql("read retention intents", c -> {
      List<Target> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("select i.recording_id, i.purpose, i.action,"
          + " c.legal_basis, c.bucket, c.object_key, c.retain_until, c.state, "
          + " case when " + LegalHolds.heldCondition("r") + " then 1 else 0 end"
          + " from retention_intents i"
          + " left join copies c on c.recording_id = i.recording_id and c.purpose = i.purpose"
          + " left join recordings r on r.id = i.recording_id"
          + " where i.recording_id > ? or (i.recording_id = ? and i.purpose > ?)"
          + " order by i.recording_id, i.purpose limit ?")) {
        ps.setString(1, afterRecording);
        ps.setString(2, afterRecording);
        ps.setString(3, afterPurpose);
        ps.setInt(4, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Target(rs.getString(1), rs.getString(2), SweepAction.valueOf(rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getString(6), Sql.instant(rs, 7), rs.getString(8),
                rs.getInt(9) == 1));
          }
        }
      }
      return out;
    });
  }

  /** Removes the intents of these copies, in one transaction. */
  public void dropIntents(Collection<Target> targets) {
    transactions.write("drop retention intents", tx -> {
      for (Target t : targets) {
        dropIntent(tx, t.recordingId(), t.purpose());
      }
      return null;
    });
  }

  public void dropIntent(Tx tx, String recordingId, String purpose) {
    tx.sql(c -> Sql.update(c, "delete from retention_intents where recording_id = ? and purpose = ?",
        recordingId, purpose));
  }

  // ---------------------------------------------------------------- expired copies

  /** Stored copies of {@code purposes} expired before {@code now}, without intent or hold, per purpose. */
  public Map<String, Long> countExpired(Instant now, List<String> purposes) {
    return transactions.readSql("count expired copies", c -> {
      try (PreparedStatement ps = c.prepareStatement("select c.purpose, count(*)" + expiredWhere(purposes)
          + " group by c.purpose")) {
        bindNowAndPurposes(ps, now, purposes);
        return counts(ps);
      }
    });
  }

  /**
   * Takes a batch of up to {@code limit} stored copies expired before {@code now}, of the purposes {@code actions}
   * names, that have no intent and no hold: writes their intents (action by purpose, sweep {@code sweepId}) in
   * the same transaction, and returns them.
   */
  public List<Target> claimExpired(Instant now, Map<String, SweepAction> actions, String sweepId, int limit) {
    List<String> purposes = List.copyOf(actions.keySet());
    return transactions.writeSql("choose expired copies", c -> {
      List<Target> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("select c.recording_id, c.purpose, c.legal_basis,"
          + " c.bucket, c.object_key, c.retain_until" + expiredWhere(purposes)
          // no ORDER BY: the database can stop at the limit instead of sorting every expired copy;
          // the intent rows, not the order, say which copies a batch took
          + " limit ?")) {
        int i = bindNowAndPurposes(ps, now, purposes);
        ps.setInt(i, limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Target(rs.getString(1), rs.getString(2), actions.get(rs.getString(2)), rs.getString(3),
                rs.getString(4), rs.getString(5), Sql.instant(rs, 6), CopyEntry.STORED, false));
          }
        }
      }
      insertIntents(c, out, sweepId, now);
      return out;
    });
  }

  private static String expiredWhere(List<String> purposes) {
    return " from copies c join recordings r on r.id = c.recording_id"
        + " where c.state = 'STORED' and c.retain_until < ? and c.purpose in (" + Sql.marks(purposes.size())
        + ") and not exists (select 1 from retention_intents i where i.recording_id = c.recording_id"
        + " and i.purpose = c.purpose) and not " + LegalHolds.heldCondition("r");
  }

  private static void insertIntents(Connection c, List<Target> targets, String sweepId, Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("insert into retention_intents (recording_id, purpose,"
        + " action, sweep_id, created_at) values (?, ?, ?, ?, ?)")) {
      for (Target t : targets) {
        ps.setString(1, t.recordingId());
        ps.setString(2, t.purpose());
        ps.setString(3, t.action().name());
        ps.setString(4, sweepId);
        Sql.setInstant(ps, 5, now);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Expired, stored copies kept: under a hold (any purpose), or of a purpose not in {@code purposes}. */
  public Kept kept(Instant now, List<String> purposes) {
    return transactions.readSql("count held copies", c -> {
      Map<String, Long> held;
      try (PreparedStatement ps = c.prepareStatement("select c.purpose, count(*) from copies c"
          + " join recordings r on r.id = c.recording_id where c.state = 'STORED' and c.retain_until < ?"
          + " and " + LegalHolds.heldCondition("r") + " group by c.purpose")) {
        Sql.setInstant(ps, 1, now);
        held = counts(ps);
      }
      try (PreparedStatement ps = c.prepareStatement("select c.purpose, count(*) from copies c"
          + " join recordings r on r.id = c.recording_id where c.state = 'STORED' and c.retain_until < ?"
          + " and c.purpose not in (" + Sql.marks(purposes.size()) + ") and not " + LegalHolds.heldCondition("r")
          + " group by c.purpose")) {
        bindNowAndPurposes(ps, now, purposes);
        return new Kept(held, counts(ps));
      }
    });
  }

  // ---------------------------------------------------------------- erased copies

  /**
   * Marks a stored copy {@code state} (DELETED or ANONYMISED) and drops its intent; false (the intent dropped
   * all the same) when the copy was no longer stored.
   */
  public boolean markErased(Tx tx, Target t, String state) {
    return tx.sql(c -> {
      int updated = Sql.update(c, "update copies set state = ? where recording_id = ? and purpose = ?"
          + " and state = 'STORED'", state, t.recordingId(), t.purpose());
      Sql.update(c, "delete from retention_intents where recording_id = ? and purpose = ?", t.recordingId(),
          t.purpose());
      return updated > 0;
    });
  }

  /**
   * Adds the de-identified statistics row of an anonymised copy: day, duration, direction, call type, queue,
   * purpose, disposition and source PBX of its recording.
   */
  public void recordStatistics(Tx tx, String recordingId, String purpose) {
    tx.sql(c -> {
      try (PreparedStatement read = c.prepareStatement("select start_time, duration_seconds, direction,"
          + " call_type, queue, disposition, source_id from recordings where id = ?")) {
        read.setString(1, recordingId);
        try (ResultSet rs = read.executeQuery()) {
          if (rs.next()) {
            insertStatistics(c, rs, purpose);
          }
        }
      }
      return null;
    });
  }

  private static void insertStatistics(Connection c, ResultSet recording, String purpose) throws SQLException {
    Instant start = Sql.instant(recording, 1);
    try (PreparedStatement ps = c.prepareStatement("insert into call_statistics (call_day,"
        + " duration_seconds, direction, call_type, queue, purpose, disposition, source_id)"
        + " values (?, ?, ?, ?, ?, ?, ?, ?)")) {
      if (start == null) {
        ps.setNull(1, Types.DATE);
      } else {
        ps.setDate(1, Date.valueOf(LocalDate.ofInstant(start, ZoneOffset.UTC)));
      }
      ps.setObject(2, Sql.integer(recording, 2), Types.INTEGER);
      ps.setString(3, recording.getString(3));
      ps.setString(4, recording.getString(4));
      ps.setString(5, recording.getString(5));
      ps.setString(6, purpose);
      ps.setString(7, recording.getString(6));
      ps.setString(8, recording.getString(7));
      ps.executeUpdate();
    }
  }

  /** Writes the copy's tombstone (replacing an earlier one): what was erased, why, when, by which sweep. */
  public void writeTombstone(Tx tx, Target t, String reason, Instant at, String sweepId, String versioning) {
    tx.sql(c -> {
      Sql.update(c, "delete from tombstones where recording_id = ? and purpose = ?", t.recordingId(), t.purpose());
      try (PreparedStatement ps = c.prepareStatement("insert into tombstones (recording_id, purpose, legal_basis,"
          + " bucket, object_key, action, reason, deleted_at, sweep_id, versioning)"
          + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, t.recordingId());
        ps.setString(2, t.purpose());
        ps.setString(3, t.legalBasis());
        ps.setString(4, t.bucket());
        ps.setString(5, t.objectKey());
        ps.setString(6, t.action().name());
        ps.setString(7, reason);
        Sql.setInstant(ps, 8, at);
        ps.setString(9, sweepId);
        ps.setString(10, versioning);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Whether the recording still has a stored copy, or one in the middle of its erasure. */
  public boolean anyLeft(Tx tx, String recordingId) {
    return tx.sql(c -> Sql.single(c, "select count(*) from copies where recording_id = ?"
        + " and state in ('STORED', 'ERASE_PENDING')", recordingId) > 0);
  }

  /** Whether a copy of the recording was anonymised. */
  public boolean anyAnonymised(Tx tx, String recordingId) {
    return tx.sql(c -> Sql.single(c, "select count(*) from copies where recording_id = ?"
        + " and state = 'ANONYMISED'", recordingId) > 0);
  }

  // ---------------------------------------------------------------- identifiers

  /**
   * Blanks the digests of the recording's erased copies, and cuts the times of its tombstones to the day, once
   * its last copy is gone.
   */
  public void forgetErasedDetails(Tx tx, String recordingId) {
    tx.sql(c -> {
      Sql.update(c, "update copies set plaintext_sha256 = '', ciphertext_sha256 = '' where recording_id = ?"
          + " and state <> 'STORED'", recordingId);
      List<Object[]> tombs = rows(c, "select purpose, deleted_at from tombstones where recording_id = ?",
          recordingId, rs -> new Object[] {rs.getString(1), Sql.instant(rs, 2)});
      try (PreparedStatement ps = c.prepareStatement(
          "update tombstones set deleted_at = ? where recording_id = ? and purpose = ?")) {
        for (Object[] t : tombs) {
          Sql.setInstant(ps, 1, Sql.day((Instant) t[1]));
          ps.setString(2, recordingId);
          ps.setString(3, (String) t[0]);
          ps.executeUpdate();
        }
      }
      return null;
    });
  }

  /**
   * Moves the recording and every row that points to it (copies, decisions, tombstones, holds on it, unfinished
   * erasures) to {@code newId}; object keys, which embed the old id, are replaced.
   */
  public void rekey(Tx tx, String oldId, String newId) {
    String columns = "source_id, unique_id, call_type, direction, start_time, duration_seconds, billsec,"
        + " disposition, subject_key, format, state, state_reason, updated_at, case_id, queue, pseudonymised_at";
    tx.sql(c -> {
      Sql.update(c, "insert into recordings (id, " + columns + ") select ?, " + columns
          + " from recordings where id = ?", newId, oldId);
      Sql.update(c, "update copies set recording_id = ?, object_key = ? where recording_id = ?", newId, REMOVED_KEY,
          oldId);
      Sql.update(c, "update decisions set recording_id = ? where recording_id = ?", newId, oldId);
      Sql.update(c, "update tombstones set recording_id = ?, object_key = ? where recording_id = ?", newId,
          REMOVED_KEY, oldId);
      Sql.update(c, "update legal_holds set target = ? where scope = 'RECORDING' and target = ?", newId, oldId);
      Sql.update(c, "update unfinished_erasures set recording_id = ? where recording_id = ?", newId, oldId);
      Sql.update(c, "update recording_subjects set recording_id = ? where recording_id = ?", newId, oldId);
      Sql.update(c, "delete from recordings where id = ?", oldId);
      return null;
    });
  }

  /**
   * Clears the recording's identifying metadata (subject key, employees' keys, PBX unique id, case id) and cuts the timestamps
   * tied to the call (start, decisions, copies' stored-at and retain-until) to the day; retain-until is rounded
   * up, so no copy expires earlier. Records {@code reason} and the day of {@code now}. False when there is no
   * such recording.
   */
  public boolean pseudonymise(Tx tx, String recordingId, Instant now, String reason) {
    return tx.sql(c -> {
      List<Instant> start = rows(c, "select start_time from recordings where id = ?", recordingId,
          rs -> Sql.instant(rs, 1));
      if (start.isEmpty()) {
        return false;
      }
      try (PreparedStatement ps = c.prepareStatement("update recordings set subject_key = null, unique_id = null,"
          + " case_id = null, start_time = ?, updated_at = ?, state_reason = ?,"
          + " pseudonymised_at = coalesce(pseudonymised_at, ?) where id = ?")) {
        Sql.setInstant(ps, 1, Sql.day(start.get(0)));
        Sql.setInstant(ps, 2, Sql.day(now));
        ps.setString(3, reason);
        Sql.setInstant(ps, 4, Sql.day(now));
        ps.setString(5, recordingId);
        ps.executeUpdate();
      }
      decisionsToDay(c, recordingId);
      copiesToDay(c, recordingId);
      // the employees' keys go with the customer's: the catalog no longer says who was on the call
      Sql.update(c, "delete from recording_subjects where recording_id = ?", recordingId);
      return true;
    });
  }

  private static void decisionsToDay(Connection c, String recordingId) throws SQLException {
    List<Object[]> decisions = rows(c, "select purpose, outcome, decided_at from decisions where recording_id = ?",
        recordingId, rs -> new Object[] {rs.getString(1), rs.getString(2), Sql.instant(rs, 3)});
    try (PreparedStatement ps = c.prepareStatement("update decisions set decided_at = ?"
        + " where recording_id = ? and purpose = ? and outcome = ?")) {
      for (Object[] d : decisions) {
        Sql.setInstant(ps, 1, Sql.day((Instant) d[2]));
        ps.setString(2, recordingId);
        ps.setString(3, (String) d[0]);
        ps.setString(4, (String) d[1]);
        ps.executeUpdate();
      }
    }
  }

  private static void copiesToDay(Connection c, String recordingId) throws SQLException {
    List<Object[]> copies = rows(c, "select purpose, stored_at, retain_until from copies where recording_id = ?",
        recordingId, rs -> new Object[] {rs.getString(1), Sql.instant(rs, 2), Sql.instant(rs, 3)});
    try (PreparedStatement ps = c.prepareStatement("update copies set stored_at = ?, retain_until = ?"
        + " where recording_id = ? and purpose = ?")) {
      for (Object[] cp : copies) {
        Sql.setInstant(ps, 1, Sql.day((Instant) cp[1]));
        Sql.setInstant(ps, 2, Sql.dayCeiling((Instant) cp[2]));
        ps.setString(3, recordingId);
        ps.setString(4, (String) cp[0]);
        ps.executeUpdate();
      }
    }
  }

  // ---------------------------------------------------------------- pseudonymise-after

  /**
   * Up to {@code limit} recordings after {@code afterId}, by id, not yet pseudonymised and not held, with a stored
   * copy of one of {@code purposes} not expired at {@code now}.
   */
  public List<String> toPseudonymise(Instant now, List<String> purposes, String afterId, int limit) {
    return transactions.readSql("choose recordings to pseudonymise", c -> {
      try (PreparedStatement ps = c.prepareStatement("select distinct r.id from recordings r join copies c"
          + " on c.recording_id = r.id where c.state = 'STORED' and c.retain_until >= ? and c.purpose in ("
          + Sql.marks(purposes.size()) + ") and r.pseudonymised_at is null and r.start_time is not null"
          + " and r.id > ? and not " + LegalHolds.heldCondition("r") + " order by r.id limit ?")) {
        int i = bindNowAndPurposes(ps, now, purposes);
        ps.setString(i++, afterId);
        ps.setInt(i, limit);
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
        return out;
      }
    });
  }

  /** The recording's start and the purposes of its stored copies not expired at {@code now}. */
  public Stored stored(Tx tx, String recordingId, Instant now) {
    return tx.sql(c -> {
      Instant start = null;
      List<String> purposes = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("select r.start_time, c.purpose from recordings r"
          + " join copies c on c.recording_id = r.id where r.id = ? and c.state = 'STORED'"
          + " and c.retain_until >= ?")) {
        ps.setString(1, recordingId);
        Sql.setInstant(ps, 2, now);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            start = Sql.instant(rs, 1);
            purposes.add(rs.getString(2));
          }
        }
      }
      return new Stored(start, purposes);
    });
  }

  // ---------------------------------------------------------------- helpers

  @FunctionalInterface
  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private static <T> List<T> rows(Connection c, String sql, String arg, Row<T> row) throws SQLException {
    List<T> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row.read(rs));
        }
      }
    }
    return out;
  }

  private static Map<String, Long> counts(PreparedStatement ps) throws SQLException {
    Map<String, Long> out = new java.util.TreeMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  private static int bindNowAndPurposes(PreparedStatement ps, Instant now, List<String> purposes)
      throws SQLException {
    Sql.setInstant(ps, 1, now);
    return Sql.bind(ps, 2, purposes);
  }
}
