package io.callvault.catalog;

import io.callvault.audit.AuditEntry;
import io.callvault.audit.AuditTrail;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The rows of the audit trail (tables {@code audit_log} and {@code audit_head}, migration V3). The chain itself
 * (hashes, verification, anchors) is {@link AuditTrail}'s business; this class only reads and writes rows.
 */
public final class AuditLog {
  /** Rows PostgreSQL sends at a time while a scan streams the trail. */
  private static final int FETCH_SIZE = 500;
  private static final String COLUMNS = "seq, at, actor, action, target, reason, prev_hash, hash";

  private final Transactions transactions;

  public AuditLog(Catalog catalog) {
    this.transactions = Objects.requireNonNull(catalog, "catalog").transactions();
  }

  /**
   * The head row: the last entry's sequence number (0 when empty) and hash; empty when the row is missing. With
   * {@code lock}, the row stays locked for other writers until {@code tx} ends, so appends form one chain.
   */
  public Optional<AuditTrail.Head> head(Tx tx, boolean lock) {
    return tx.sql(c -> {
      try (PreparedStatement ps = c.prepareStatement("select seq, hash from audit_head where id = 1"
          + (lock ? " for update" : ""));
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new AuditTrail.Head(rs.getLong(1), rs.getString(2)))
            : Optional.<AuditTrail.Head>empty();
      }
    });
  }

  /** {@link #head(Tx, boolean)} in a transaction of its own. */
  public Optional<AuditTrail.Head> head() {
    return transactions.read("read the head of the audit trail", tx -> head(tx, false));
  }

  /** Inserts {@code e} and makes it the head (the caller holds the head's lock). */
  public void append(Tx tx, AuditEntry e) {
    tx.sql(c -> {
      try (PreparedStatement ps = c.prepareStatement("insert into audit_log (" + COLUMNS
          + ") values (?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setLong(1, e.seq());
        Sql.setInstant(ps, 2, e.at());
        ps.setString(3, e.actor());
        ps.setString(4, e.action());
        ps.setString(5, e.target());
        ps.setString(6, e.reason());
        ps.setString(7, e.prevHash());
        ps.setString(8, e.hash());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("update audit_head set seq = ?, hash = ? where id = 1")) {
        ps.setLong(1, e.seq());
        ps.setString(2, e.hash());
        ps.executeUpdate();
      }
      return null;
    });
  }

  /**
   * Hands every entry up to {@code toSeq} to {@code visitor}, by sequence number, until it returns false. Streams
   * (a forward-only result set fetched {@value #FETCH_SIZE} rows at a time, which PostgreSQL honours only with
   * auto-commit off, as in every {@link Transactions} transaction): the trail is never held in memory.
   */
  public void scan(Tx tx, long toSeq, Predicate<AuditEntry> visitor) {
    tx.sql(c -> {
      try (PreparedStatement ps = streaming(c, "select " + COLUMNS + " from audit_log where seq <= ? order by seq")) {
        ps.setLong(1, toSeq);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next() && visitor.test(entry(rs))) {
            // the visitor decides
          }
        }
      }
      return null;
    });
  }

  /** Up to {@code limit} entries from sequence number {@code fromSeq} on, oldest first. */
  public List<AuditEntry> page(long fromSeq, int limit) {
    return transactions.readSql("read the audit trail", c -> {
      List<AuditEntry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("select " + COLUMNS + " from audit_log where seq >= ? order by seq")) {
        ps.setLong(1, fromSeq);
        ps.setMaxRows(limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(entry(rs));
          }
        }
      }
      return out;
    });
  }

  /**
   * The last {@code limit} entries, newest first, whose actor contains {@code actorPart} (ignoring case; null for
   * any) and whose action is {@code action} (null for any). Reads back from the head by sequence number and stops
   * at {@code limit} rows: the rest of the trail is never sent.
   */
  public List<AuditEntry> latest(int limit, String actorPart, String action) {
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from audit_log where 1 = 1");
    List<String> args = new ArrayList<>();
    if (actorPart != null) {
      sql.append(" and lower(actor) like ? escape '!'");
      args.add("%" + actorPart.toLowerCase(java.util.Locale.ROOT).replaceAll("([!%_])", "!$1") + "%");
    }
    if (action != null) {
      sql.append(" and action = ?");
      args.add(action);
    }
    return transactions.readSql("read the latest audit entries", c -> {
      List<AuditEntry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql.append(" order by seq desc").toString())) {
        Sql.bind(ps, 1, args);
        ps.setMaxRows(limit);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(entry(rs));
          }
        }
      }
      return out;
    });
  }

  /** A forward-only statement that PostgreSQL streams in batches (it needs auto-commit off). */
  private static PreparedStatement streaming(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    ps.setFetchSize(FETCH_SIZE);
    return ps;
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(rs.getLong(1), Sql.instant(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8));
  }
}
