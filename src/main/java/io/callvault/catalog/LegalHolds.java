package io.callvault.catalog;

import io.callvault.retention.Hold;
import io.callvault.retention.HoldScope;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of legal holds (table {@code legal_holds}). What a hold may target, and what placing or releasing one
 * means, are {@link io.callvault.retention.Holds}'s rules.
 */
public final class LegalHolds {
  private static final String COLUMNS =
      "id, scope, target, reason, placed_by, placed_at, review_at, released_by, released_at";
  /** Recording ids per query of {@link #heldAmong}. */
  private static final int CHUNK = 500;

  private final Transactions transactions;

  public LegalHolds(Catalog catalog) {
    this.transactions = Objects.requireNonNull(catalog, "catalog").transactions();
  }

  /**
   * SQL condition "an active hold covers recording alias {@code r}" (columns id, subject_key, case_id): on the
   * recording, its case, or its subject, the customer or one of its employees.
   */
  static String heldCondition(String r) {
    return "exists (select 1 from legal_holds h where h.released_at is null and ("
        + "(h.scope = 'RECORDING' and h.target = " + r + ".id)"
        + " or (h.scope = 'SUBJECT' and (h.target = " + r + ".subject_key or " + employeeOf(r + ".id") + "))"
        + " or (h.scope = 'CASE' and h.target = " + r + ".case_id)))";
  }

  /** SQL condition "the hold's target (h.target) is one of the employees of recording {@code id}". */
  private static String employeeOf(String id) {
    return "exists (select 1 from recording_subjects s where s.recording_id = " + id + " and s.subject_key = h.target)";
  }

  /** Stores a new, active hold; its reason is cut to 1000 characters, who placed it to 128. */
  public void insert(Hold h) {
    transactions.writeSql("place hold", c -> {
      try (PreparedStatement ps = c.prepareStatement("insert into legal_holds (id, scope, target, reason,"
          + " placed_by, placed_at, review_at) values (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, h.id());
        ps.setString(2, h.scope().name());
        ps.setString(3, h.target());
        ps.setString(4, Sql.cut(h.reason(), 1000));
        ps.setString(5, Sql.cut(h.placedBy(), 128));
        Sql.setInstant(ps, 6, h.placedAt());
        Sql.setInstant(ps, 7, h.reviewAt());
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Marks the hold released (if it is active); who released it is cut to 128 characters. */
  public void markReleased(Tx tx, String id, String releasedBy, Instant at) {
    tx.sql(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "update legal_holds set released_by = ?, released_at = ? where id = ? and released_at is null")) {
        ps.setString(1, Sql.cut(releasedBy, 128));
        Sql.setInstant(ps, 2, at);
        ps.setString(3, id);
        return ps.executeUpdate();
      }
    });
  }

  /** Moves an active hold's review date; answers whether a row changed (none for a released or unknown hold). */
  public boolean updateReview(Tx tx, String id, Instant reviewAt) {
    int changed = tx.sql(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "update legal_holds set review_at = ? where id = ? and released_at is null")) {
        Sql.setInstant(ps, 1, reviewAt);
        ps.setString(2, id);
        return ps.executeUpdate();
      }
    });
    return changed == 1;
  }

  public Optional<Hold> find(String id) {
    return transactions.read("find hold " + id, tx -> find(tx, id));
  }

  public Optional<Hold> find(Tx tx, String id) {
    List<Hold> found = tx.sql(c -> query(c, "where id = ?", id));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** Holds by placement time; only the active ones when {@code activeOnly}. */
  public List<Hold> list(boolean activeOnly) {
    return transactions.readSql("list holds",
        c -> query(c, (activeOnly ? "where released_at is null " : "") + "order by placed_at, id", null));
  }

  /**
   * Whether an active hold covers the recording, directly, through its subject key or its case id; also a hold
   * placed on a recording id the catalog does not know (yet).
   */
  public boolean isHeld(String recordingId) {
    return transactions.readSql("check holds of " + recordingId, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "select 1 from recordings r where r.id = ? and " + heldCondition("r"))) {
        ps.setString(1, recordingId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return true;
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("select 1 from legal_holds where released_at is null"
          + " and scope = 'RECORDING' and target = ?")) {
        ps.setString(1, recordingId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  /** Which of these recordings an active hold covers now (a query per {@value #CHUNK} ids). */
  public Set<String> heldAmong(Collection<String> recordingIds) {
    if (recordingIds.isEmpty()) {
      return Set.of();
    }
    List<String> ids = List.copyOf(new LinkedHashSet<>(recordingIds));
    return transactions.readSql("check holds of a batch", c -> {
      Set<String> held = new HashSet<>();
      for (int from = 0; from < ids.size(); from += CHUNK) {
        List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
        try (PreparedStatement ps = c.prepareStatement("select r.id from recordings r where r.id in ("
            + Sql.marks(chunk.size()) + ") and " + heldCondition("r"))) {
          Sql.bind(ps, 1, chunk);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              held.add(rs.getString(1));
            }
          }
        }
      }
      return held;
    });
  }

  /** The id of the oldest active hold covering the recording (directly, by subject or by case), if any. */
  public Optional<String> activeHoldFor(String recordingId) {
    return transactions.readSql("find hold of " + recordingId, c -> {
      try (PreparedStatement ps = c.prepareStatement("select h.id from legal_holds h left join recordings r on r.id = ?"
          + " where h.released_at is null and ((h.scope = 'RECORDING' and h.target = ?)"
          + " or (h.scope = 'SUBJECT' and (h.target = r.subject_key or " + employeeOf("r.id") + "))"
          + " or (h.scope = 'CASE' and h.target = r.case_id))"
          + " order by h.placed_at")) {
        ps.setString(1, recordingId);
        ps.setString(2, recordingId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  private static List<Hold> query(java.sql.Connection c, String tail, String arg) throws SQLException {
    List<Hold> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from legal_holds " + tail)) {
      if (arg != null) {
        ps.setString(1, arg);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Hold(rs.getString(1), HoldScope.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
              rs.getString(5), Sql.instant(rs, 6), Sql.instant(rs, 7), rs.getString(8), Sql.instant(rs, 9)));
        }
      }
    }
    return out;
  }
}
