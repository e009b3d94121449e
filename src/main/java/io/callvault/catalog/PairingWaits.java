package io.callvault.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Recordings and their metadata files that wait for each other (table {@code pairing_waits}): since when each
 * side has been seen alone, and when they paired. Kept in the catalog, not in memory, so that the wait survives
 * a restart and several hubs on one catalog agree on it. Rows are keyed by source and an opaque pair reference.
 */
public final class PairingWaits {

  /** What the catalog knows of one pair; a time is null for what has not happened. */
  public record State(Instant audioSince, Instant metadataSince, Instant pairedAt) {}

  private final Transactions transactions;

  public PairingWaits(Catalog catalog) {
    this.transactions = catalog.transactions();
  }

  /** A recording waits for its metadata: its wait starts now unless it started before. */
  public State audioWaiting(String sourceId, String pairRef, Instant now) {
    return mark(sourceId, pairRef, "audio_since", now);
  }

  /** A metadata file is in the drop: its wait starts now unless it started before. */
  public State metadataSeen(String sourceId, String pairRef, Instant now) {
    return mark(sourceId, pairRef, "metadata_since", now);
  }

  /** The recording found its metadata. */
  public State paired(String sourceId, String pairRef, Instant now) {
    return mark(sourceId, pairRef, "paired_at", now);
  }

  /** Forgets a pair (an orphan quarantined: moved back, it waits anew). */
  public void forget(String sourceId, String pairRef) {
    transactions.writeSql("forget pairing wait", c -> Sql.update(c,
        "delete from pairing_waits where source_id = ? and pair_ref = ?", sourceId, pairRef));
  }

  /** Forgets pairs that paired before {@code pairedBefore}, and unpaired ones seen first before {@code seenBefore}. */
  public int forgetBefore(Instant pairedBefore, Instant seenBefore) {
    return transactions.writeSql("forget pairing waits", c -> {
      try (PreparedStatement ps = c.prepareStatement("delete from pairing_waits where paired_at < ? or (paired_at is"
          + " null and coalesce(audio_since, metadata_since) < ?)")) {
        Sql.setInstant(ps, 1, pairedBefore);
        Sql.setInstant(ps, 2, seenBefore);
        return ps.executeUpdate();
      }
    });
  }

  /** What the catalog knows of a pair, or null. */
  public State find(String sourceId, String pairRef) {
    return transactions.readSql("find pairing wait", c -> select(c, sourceId, pairRef, false));
  }

  private State mark(String sourceId, String pairRef, String column, Instant now) {
    return transactions.writeSql("pairing wait", c -> {
      State s = select(c, sourceId, pairRef, true);
      if (s == null) {
        try (PreparedStatement ps = c.prepareStatement("insert into pairing_waits (source_id, pair_ref, " + column
            + ") values (?, ?, ?)")) {
          ps.setString(1, sourceId);
          ps.setString(2, pairRef);
          Sql.setInstant(ps, 3, now);
          ps.executeUpdate();
        }
      } else {
        try (PreparedStatement ps = c.prepareStatement("update pairing_waits set " + column + " = ? where source_id = ?"
            + " and pair_ref = ? and " + column + " is null")) {
          Sql.setInstant(ps, 1, now);
          ps.setString(2, sourceId);
          ps.setString(3, pairRef);
          ps.executeUpdate();
        }
      }
      return select(c, sourceId, pairRef, false);
    });
  }

  private static State select(Connection c, String sourceId, String pairRef, boolean lock) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select audio_since, metadata_since, paired_at from pairing_waits"
        + " where source_id = ? and pair_ref = ?" + (lock ? " for update" : ""))) {
      ps.setString(1, sourceId);
      ps.setString(2, pairRef);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new State(Sql.instant(rs, 1), Sql.instant(rs, 2), Sql.instant(rs, 3)) : null;
      }
    }
  }
}
