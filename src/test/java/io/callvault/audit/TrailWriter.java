package io.callvault.audit;

import io.callvault.catalog.CatalogSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * A database writer covering their tracks with plain SQL, as a DBA or a stolen catalog password could: every
 * change keeps the hash chain and the head row consistent, so a chain-only verification finds nothing.
 */
public final class TrailWriter {
  private final javax.sql.DataSource db;
  private final CatalogSettings settings;
  private final AuditTrail reader;

  /** A writer with their own connection, from outside the hub. */
  public TrailWriter(CatalogSettings settings, AuditTrail reader) {
    this((javax.sql.DataSource) null, reader, settings);
  }

  /** A writer through {@code db} (the running hub's own pool, when its database is open in this process). */
  public TrailWriter(javax.sql.DataSource db, AuditTrail reader) {
    this(db, reader, null);
  }

  private TrailWriter(javax.sql.DataSource db, AuditTrail reader, CatalogSettings settings) {
    this.db = db;
    this.reader = reader;
    this.settings = settings;
  }

  /** Changes entry {@code seq}'s reason, re-hashes every later entry and moves the head. */
  public void rewriteAndRehash(long seq, String reason) throws SQLException {
    List<AuditEntry> tail = reader.read(seq, Integer.MAX_VALUE);
    String prev = tail.get(0).prevHash();
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
        "update audit_log set reason = ?, prev_hash = ?, hash = ? where seq = ?")) {
      for (AuditEntry e : tail) {
        AuditEntry forged = new AuditEntry(e.seq(), e.at(), e.actor(), e.action(), e.target(),
            e.seq() == seq ? reason : e.reason(), prev, null);
        prev = forged.computeHash();
        ps.setString(1, forged.reason());
        ps.setString(2, forged.prevHash());
        ps.setString(3, prev);
        ps.setLong(4, e.seq());
        ps.executeUpdate();
      }
      moveHead(c, tail.get(tail.size() - 1).seq(), prev);
      c.commit();
    }
  }

  /** Deletes every entry after {@code keep} and moves the head to entry {@code keep}. */
  public void truncateAndMoveHead(long keep) throws SQLException {
    String hash = reader.read(keep, 1).get(0).hash();
    try (Connection c = connect()) {
      execute(c, "delete from audit_log where seq > " + keep);
      moveHead(c, keep, hash);
      c.commit();
    }
  }

  /** Deletes every entry and resets the head to the empty trail. */
  public void deleteAll() throws SQLException {
    try (Connection c = connect()) {
      execute(c, "delete from audit_log");
      moveHead(c, 0, ChainHash.GENESIS);
      c.commit();
    }
  }

  private Connection connect() throws SQLException {
    Connection c = db != null ? db.getConnection()
        : DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    c.setAutoCommit(false);
    return c;
  }

  private static void moveHead(Connection c, long seq, String hash) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("update audit_head set seq = ?, hash = ? where id = 1")) {
      ps.setLong(1, seq);
      ps.setString(2, hash);
      ps.executeUpdate();
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.executeUpdate();
    }
  }
}
