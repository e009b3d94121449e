package io.callvault.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The catalog's side of {@code ./callvault status}: each drop's last poll (table {@code drop_status}, written by
 * the hub), quarantined files per source, and per purpose the copies stored, discarded, expiring and held.
 * Read-only, except {@link #polled} and {@link #badInput}.
 */
public final class StatusQueries {
  private final Transactions transactions;

  /** An active hold {@code h} covering recording {@code r}: directly, by its subject key or by its case id. */
  private static final String ACTIVE_HOLD = "h.released_at is null and ((h.scope = 'RECORDING' and h.target = r.id)"
      + " or (h.scope = 'SUBJECT' and h.target = r.subject_key) or (h.scope = 'CASE' and h.target = r.case_id))";

  public StatusQueries(Catalog catalog) {
    this.transactions = Objects.requireNonNull(catalog, "catalog").transactions();
  }

  /** What a drop's last successful poll saw. */
  public record DropPoll(Instant lastPollAt, int filesWaiting, Instant oldestWaitingAt) {}

  /** Per purpose: copies stored since {@code today} and stored now, decisions not to keep, next expiry, held copies. */
  public record PurposeCounts(long storedToday, long stored, long discarded, Instant nextExpiry, long underHold) {}

  /** Records a drop's successful poll (insert or update). */
  public void polled(String sourceId, DropPoll poll) {
    transactions.writeSql("record poll of " + sourceId, c -> {
      if (write(c, "update drop_status set last_poll_at = ?, files_waiting = ?, oldest_waiting_at = ?"
          + " where source_id = ?", sourceId, poll) == 0) {
        write(c, "insert into drop_status (last_poll_at, files_waiting, oldest_waiting_at, source_id)"
            + " values (?, ?, ?, ?)", sourceId, poll);
      }
      return null;
    });
  }

  private static int write(Connection c, String sql, String sourceId, DropPoll poll) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(sql)) {
      Sql.setInstant(st, 1, poll.lastPollAt());
      st.setInt(2, poll.filesWaiting());
      Sql.setInstant(st, 3, poll.oldestWaitingAt());
      st.setString(4, sourceId);
      return st.executeUpdate();
    }
  }

  /** Every drop's last poll, by source id. */
  public Map<String, DropPoll> drops() {
    return transactions.readSql("read drop status", c -> {
      Map<String, DropPoll> out = new TreeMap<>();
      try (PreparedStatement st = c.prepareStatement(
          "select source_id, last_poll_at, files_waiting, oldest_waiting_at from drop_status");
          ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), new DropPoll(Sql.instant(rs, 2), rs.getInt(3), Sql.instant(rs, 4)));
        }
      }
      return out;
    });
  }

  /** Adds {@code n} reports of a kind of bad input that has no quarantine row ({@link #badInputs}). */
  public void badInput(String kind, long n, Instant at) {
    transactions.writeSql("count bad input " + kind, c -> {
      try (PreparedStatement up = c.prepareStatement(
          "update bad_input_counts set total = total + ?, last_seen_at = ? where kind = ?")) {
        up.setLong(1, n);
        Sql.setInstant(up, 2, at);
        up.setString(3, kind);
        if (up.executeUpdate() == 0) {
          try (PreparedStatement in = c.prepareStatement(
              "insert into bad_input_counts (total, last_seen_at, kind) values (?, ?, ?)")) {
            in.setLong(1, n);
            Sql.setInstant(in, 2, at);
            in.setString(3, kind);
            in.executeUpdate();
          }
        }
      }
      return null;
    });
  }

  /** Reports of bad input without a quarantine row (hidden files, refused reads, malformed CDR rows...), by kind. */
  public Map<String, Long> badInputs() {
    return transactions.readSql("count bad input", c -> counts(c, "select kind, total from bad_input_counts", null));
  }

  /** Files in quarantine, by source id. */
  public Map<String, Long> quarantined() {
    return transactions.readSql("count quarantined files", c -> counts(c,
        "select source_id, count(*) from quarantine group by source_id", null));
  }

  /** Recordings discarded (no purpose granted). */
  public long discardedRecordings() {
    return transactions.readSql("count discarded recordings",
        c -> Sql.single(c, "select count(*) from recordings where state = 'DISCARDED'"));
  }

  /** Per purpose that has any copy or decision, as of {@code now}; {@code today} is the start of the day. */
  public Map<String, PurposeCounts> purposes(Instant today) {
    return transactions.readSql("summarise purposes", c -> {
      Map<String, Long> storedToday = counts(c, "select purpose, count(*) from copies where stored_at >= ?"
          + " group by purpose", today);
      Map<String, Long> stored = counts(c, "select purpose, count(*) from copies where state = 'STORED'"
          + " group by purpose", null);
      Map<String, Long> discarded = counts(c, "select purpose, count(*) from decisions where outcome = 'DENIED'"
          + " group by purpose", null);
      Map<String, Long> held = counts(c, "select c.purpose, count(*) from copies c join recordings r on r.id ="
          + " c.recording_id where c.state = 'STORED' and exists (select 1 from legal_holds h where " + ACTIVE_HOLD
          + ") group by c.purpose", null);
      Map<String, Instant> expiry = nextExpiry(c);
      Map<String, PurposeCounts> out = new TreeMap<>();
      java.util.Set<String> names = new java.util.TreeSet<>(stored.keySet());
      names.addAll(storedToday.keySet());
      names.addAll(discarded.keySet());
      for (String p : names) {
        out.put(p, new PurposeCounts(storedToday.getOrDefault(p, 0L), stored.getOrDefault(p, 0L),
            discarded.getOrDefault(p, 0L), expiry.get(p), held.getOrDefault(p, 0L)));
      }
      return out;
    });
  }

  /** Stored copies whose retain-until is before {@code until}, each with whether an active legal hold covers it. */
  public java.util.List<io.callvault.retention.RetentionForecast.Expiring> expiringBefore(Instant until) {
    return transactions.readSql("list copies expiring before " + until, c -> {
      java.util.List<io.callvault.retention.RetentionForecast.Expiring> out = new java.util.ArrayList<>();
      try (PreparedStatement st = c.prepareStatement("select c.purpose, c.retain_until, exists (select 1 from"
          + " legal_holds h where " + ACTIVE_HOLD + ") from copies c join recordings r on r.id = c.recording_id"
          + " where c.state = 'STORED' and c.retain_until < ?")) {
        Sql.setInstant(st, 1, until);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            out.add(new io.callvault.retention.RetentionForecast.Expiring(rs.getString(1), Sql.instant(rs, 2),
                rs.getBoolean(3)));
          }
        }
      }
      return out;
    });
  }

  /** Copies stored on each UTC day from {@code from}'s day to {@code now}'s, oldest first, days without any as 0. */
  public Map<java.time.LocalDate, Long> storedPerDay(Instant from, Instant now) {
    return perDay("count copies stored per day", "select stored_at from copies where stored_at >= ?", 1, from, now);
  }

  /**
   * Recordings ingested (cataloged: stored, discarded or waiting for consent) on each UTC day from {@code from}'s
   * day to {@code now}'s, oldest first, days without any as 0. A recording counts once, on the day of its first
   * decision, however many copies it has.
   */
  public Map<java.time.LocalDate, Long> ingestedPerDay(Instant from, Instant now) {
    return perDay("count recordings ingested per day", "select min(d.decided_at) from decisions d"
        + " where d.decided_at >= ? and not exists (select 1 from decisions e where e.recording_id = d.recording_id"
        + " and e.decided_at < ?) group by d.recording_id", 2, from, now);
  }

  /**
   * Per UTC day from {@code from}'s day to {@code now}'s, how many of the instants {@code sql} answers fall on
   * that day; each of its {@code params} parameters is the start of {@code from}'s day.
   */
  private Map<java.time.LocalDate, Long> perDay(String what, String sql, int params, Instant from, Instant now) {
    java.time.LocalDate first = from.atZone(java.time.ZoneOffset.UTC).toLocalDate();
    Map<java.time.LocalDate, Long> out = new TreeMap<>();
    for (java.time.LocalDate d = first; !d.isAfter(now.atZone(java.time.ZoneOffset.UTC).toLocalDate()); d = d.plusDays(1)) {
      out.put(d, 0L);
    }
    Instant start = first.atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    return transactions.readSql(what, c -> {
      try (PreparedStatement st = c.prepareStatement(sql)) {
        for (int i = 1; i <= params; i++) {
          Sql.setInstant(st, i, start);
        }
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            out.computeIfPresent(Sql.instant(rs, 1).atZone(java.time.ZoneOffset.UTC).toLocalDate(), (d, n) -> n + 1);
          }
        }
      }
      return out;
    });
  }

  private static Map<String, Instant> nextExpiry(Connection c) throws SQLException {
    Map<String, Instant> out = new TreeMap<>();
    try (PreparedStatement st = c.prepareStatement("select purpose, min(retain_until) from copies where state ="
        + " 'STORED' group by purpose"); ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        out.put(rs.getString(1), Sql.instant(rs, 2));
      }
    }
    return out;
  }

  private static Map<String, Long> counts(Connection c, String sql, Instant arg) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (PreparedStatement st = c.prepareStatement(sql)) {
      if (arg != null) {
        Sql.setInstant(st, 1, arg);
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return out;
  }
}
