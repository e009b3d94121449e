package io.callvault.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The tamper-evident audit trail in the catalog database (tables {@code audit_log} and {@code audit_head},
 * migration V3). Entries are appended, never changed: each carries the hash of the previous one, so
 * {@link #verify()} detects an altered, removed or reordered entry. Appends lock the single
 * {@code audit_head} row, so concurrent appends (threads or nodes) form one chain without sequence gaps.
 * Thread-safe.
 *
 * <p>No personal data in clear: targets are recording ids, subject keys (HMAC) or hold ids; a target or
 * reason that holds a free-standing run of 7 or more digits (a phone number) is refused.
 */
public final class AuditTrail {

  public static final int MAX_ACTOR = 255;
  public static final int MAX_ACTION = 64;
  public static final int MAX_TARGET = 1024;
  /** Longest reason kept; longer reasons are cut before hashing. */
  public static final int MAX_REASON = 2000;

  private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9_.:-]+");
  private static final int ATTEMPTS = 8;
  private static final int FETCH_SIZE = 500;
  private static final String COLUMNS = "seq, at, actor, action, target, reason, prev_hash, hash";

  private final DataSource ds;
  private final Clock clock;
  private final Supplier<AnchorSet> anchors;
  private final JsonFactory json = JsonFactory.builder()
      .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
      .build();

  public AuditTrail(DataSource ds, Clock clock) {
    this(ds, clock, () -> AnchorSet.NONE);
  }

  private AuditTrail(DataSource ds, Clock clock, Supplier<AnchorSet> anchors) {
    this.ds = Objects.requireNonNull(ds, "data source");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.anchors = Objects.requireNonNull(anchors, "anchors");
  }

  /**
   * The same trail, whose {@link #verify()} also checks it against the anchors {@code anchors} supplies
   * (signed checkpoints kept outside the database, see {@link AuditAnchors}).
   */
  public AuditTrail checkedAgainst(Supplier<AnchorSet> anchors) {
    return new AuditTrail(ds, clock, anchors);
  }

  // ---------------------------------------------------------------- append

  /**
   * Appends one entry in its own transaction and returns it. Retries on lock timeouts and serialization
   * failures.
   *
   * @throws IllegalArgumentException when a field is missing, too long, or looks like personal data
   * @throws AuditException when the database fails
   */
  public AuditEntry append(String actor, String action, String target, String reason) {
    String keptReason = checked(actor, action, target, reason);
    SQLException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(false);
        try {
          AuditEntry entry = appendChecked(c, actor, action, target, keptReason);
          c.commit();
          return entry;
        } catch (SQLException e) {
          rollback(c, e);
          if (!retryable(e)) {
            throw new AuditException("audit: cannot append " + action + " entry: " + e.getMessage(), e);
          }
          last = e;
        } catch (RuntimeException | Error e) {
          rollback(c, e);
          throw e;
        }
      } catch (SQLException e) {
        throw new AuditException("audit: cannot append " + action + " entry: no database connection: "
            + e.getMessage(), e);
      }
      pause(attempt);
    }
    throw new AuditException("audit: cannot append " + action + " entry after " + ATTEMPTS
        + " attempts (the trail stays locked by another writer): " + last.getMessage(), last);
  }

  /**
   * Appends one entry inside the caller's transaction on {@code c} (auto-commit off), so the entry is
   * written if and only if the caller's own change commits. Neither commits nor rolls back; the trail stays
   * locked for other writers until the caller ends its transaction.
   *
   * @throws IllegalArgumentException when a field is missing, too long, or looks like personal data
   */
  public AuditEntry append(Connection c, String actor, String action, String target, String reason)
      throws SQLException {
    Objects.requireNonNull(c, "connection");
    String keptReason = checked(actor, action, target, reason);
    return appendChecked(c, actor, action, target, keptReason);
  }

  private AuditEntry appendChecked(Connection c, String actor, String action, String target, String reason)
      throws SQLException {
    long headSeq;
    String headHash;
    try (PreparedStatement ps = c.prepareStatement("select seq, hash from audit_head where id = 1 for update");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new AuditException("audit: the audit_head row is missing: the catalog schema is not migrated to"
            + " V3 (audit) or the row was deleted; restore it from the last audit_log entry", null);
      }
      headSeq = rs.getLong(1);
      headHash = rs.getString(2);
    }
    long seq = headSeq + 1;
    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String hash = ChainHash.of(seq, at, actor, action, target, reason, headHash);
    try (PreparedStatement ps = c.prepareStatement("insert into audit_log (" + COLUMNS
        + ") values (?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, seq);
      ps.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      ps.setString(3, actor);
      ps.setString(4, action);
      ps.setString(5, target);
      ps.setString(6, reason);
      ps.setString(7, headHash);
      ps.setString(8, hash);
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement("update audit_head set seq = ?, hash = ? where id = 1")) {
      ps.setLong(1, seq);
      ps.setString(2, hash);
      ps.executeUpdate();
    }
    return new AuditEntry(seq, at, actor, action, target, reason, headHash, hash);
  }

  /** Validates the fields (never echoing them) and returns the reason as it will be kept. */
  private static String checked(String actor, String action, String target, String reason) {
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("audit entry needs an actor (who acted: a user, token id or 'system')");
    }
    if (actor.length() > MAX_ACTOR) {
      throw new IllegalArgumentException("audit actor is longer than " + MAX_ACTOR + " characters");
    }
    if (action == null || !ACTION.matcher(action).matches() || action.length() > MAX_ACTION) {
      throw new IllegalArgumentException("audit action must be 1 to " + MAX_ACTION
          + " characters of letters, digits, '_', '.', ':' or '-' (see AuditAction)");
    }
    if (target != null && target.length() > MAX_TARGET) {
      throw new IllegalArgumentException("audit target is longer than " + MAX_TARGET + " characters");
    }
    refusePhoneLike("target", target);
    refusePhoneLike("reason", reason);
    return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
  }

  private static void refusePhoneLike(String field, String value) {
    // the log filter's rule (io.callvault.privacy.PersonalData): callvault's own ids pass, numbers do not
    if (io.callvault.privacy.PersonalData.looksLikePhoneNumber(value)) {
      throw new IllegalArgumentException("audit " + field + " looks like it holds a phone number (a run of 7"
          + " or more digits); the audit trail must not hold personal data: use a recording id, subject key"
          + " or hold id");
    }
  }

  // ---------------------------------------------------------------- verify

  /**
   * Recomputes the whole chain, streaming, and names the first broken link: an altered entry, a missing
   * one (a sequence gap, or a trail shorter than its head), a swapped or re-hashed one; then checks it
   * against the anchors of {@link #checkedAgainst} (none by default).
   *
   * @throws AuditException when the database fails
   */
  public VerifyResult verify() {
    return verify(anchors.get());
  }

  /**
   * Like {@link #verify()}, and compares the trail with {@code anchorSet}, read beforehand: an entry whose hash
   * differs from its anchor's was rewritten and the chain re-hashed; an anchor beyond the last entry means
   * entries were cut or the trail deleted, even when the head row was moved to hide it; an anchor whose
   * signature does not verify is reported and not trusted. The anchor contradicted is named.
   *
   * @throws AuditException when the database fails
   */
  public VerifyResult verify(AnchorSet anchorSet) {
    AnchorCheck check = new AnchorCheck(Objects.requireNonNull(anchorSet, "anchors"));
    return check.conclude(reading("verify the trail", c -> verifyChain(c, check)));
  }

  private static VerifyResult verifyChain(Connection c, AnchorCheck check) throws SQLException {
    Head head = head(c);
    long expected = 1;
    String previousHash = ChainHash.GENESIS;
    long checked = 0;
    try (PreparedStatement ps = streaming(c, "select " + COLUMNS + " from audit_log where seq <= ? order by seq")) {
      ps.setLong(1, head.seq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          AuditEntry e = entry(rs);
          checked++;
          if (e.seq() != expected) {
            return VerifyResult.broken(checked, expected, missing(expected, e.seq() - 1,
                expected == 1 ? "sequence starts at " + e.seq()
                    : "sequence jumps from " + (expected - 1) + " to " + e.seq()));
          }
          if (!e.computeHash().equals(e.hash())) {
            return VerifyResult.broken(checked, e.seq(), "entry " + e.seq() + ": hash does not match its content");
          }
          if (!previousHash.equals(e.prevHash())) {
            return VerifyResult.broken(checked, e.seq(), e.seq() == 1
                ? "entry 1: previous-hash is not the start-of-chain value (64 zeros)"
                : "entry " + e.seq() + ": previous-hash does not match entry " + (e.seq() - 1));
          }
          if (!check.agrees(e)) {
            return VerifyResult.broken(checked, e.seq(), "contradicts an anchor");
          }
          previousHash = e.hash();
          expected++;
        }
      }
    }
    long last = expected - 1;
    if (last < head.seq) {
      return VerifyResult.broken(checked, expected, missing(expected, head.seq,
          "the trail ends at " + last + " but its head records " + head.seq));
    }
    if (!previousHash.equals(head.hash)) {
      return VerifyResult.broken(checked, last, "entry " + last + ": hash does not match the head of the trail");
    }
    return VerifyResult.ok(checked);
  }

  private static String missing(long from, long to, String why) {
    return (from == to ? "entry " + from + " missing: " : "entries " + from + " to " + to + " missing: ") + why;
  }

  // ---------------------------------------------------------------- export and read

  /**
   * Writes every entry, oldest first, as one JSON object per line (UTF-8): {@code seq, at, actor, action,
   * target, reason, prev_hash, hash}. Streams; does not close {@code out}. Returns the number of lines.
   */
  public long exportJsonLines(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "output");
    try (JsonGenerator g = json.createGenerator(out)) {
      long lines = reading("export the trail", c -> {
        long n = 0;
        try (PreparedStatement ps = streaming(c, "select " + COLUMNS + " from audit_log where seq <= ? order by seq")) {
          ps.setLong(1, head(c).seq);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              write(g, entry(rs));
              n++;
            }
          }
        }
        return n;
      });
      g.flush();
      return lines;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static void write(JsonGenerator g, AuditEntry e) {
    try {
      g.writeStartObject();
      g.writeNumberField("seq", e.seq());
      g.writeStringField("at", e.at().toString());
      g.writeStringField("actor", e.actor());
      g.writeStringField("action", e.action());
      g.writeStringField("target", e.target());
      g.writeStringField("reason", e.reason());
      g.writeStringField("prev_hash", e.prevHash());
      g.writeStringField("hash", e.hash());
      g.writeEndObject();
      g.writeRaw('\n');
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }

  /** Up to {@code limit} entries from sequence number {@code fromSeq} on, oldest first (for paging). */
  public List<AuditEntry> read(long fromSeq, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    return reading("read the trail", c -> {
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

  /** Sequence number of the last entry; 0 when the trail is empty. */
  public long lastSeq() {
    return reading("read the head of the trail", c -> head(c).seq);
  }

  // ---------------------------------------------------------------- helpers

  /** The head of the trail as the database records it: the last entry's sequence number (0 when empty) and hash. */
  public record Head(long seq, String hash) {
  }

  /** The head row: sequence number and hash of the last entry, as the database says. */
  public Head head() {
    return reading("read the head of the trail", AuditTrail::head);
  }

  private static Head head(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("select seq, hash from audit_head where id = 1");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new AuditException("audit: the audit_head row is missing: the catalog schema is not migrated to"
            + " V3 (audit) or the row was deleted", null);
      }
      return new Head(rs.getLong(1), rs.getString(2));
    }
  }

  /** A forward-only statement that PostgreSQL streams in batches (it needs auto-commit off). */
  private static PreparedStatement streaming(Connection c, String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    ps.setFetchSize(FETCH_SIZE);
    return ps;
  }

  private static AuditEntry entry(ResultSet rs) throws SQLException {
    OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
    return new AuditEntry(rs.getLong(1), at == null ? null : at.toInstant(), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
  }

  @FunctionalInterface
  private interface Read<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T reading(String what, Read<T> work) {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException e) {
        rollback(c, e);
        throw new AuditException("audit: cannot " + what + ": " + e.getMessage(), e);
      } catch (RuntimeException | Error e) {
        rollback(c, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new AuditException("audit: cannot " + what + ": no database connection: " + e.getMessage(), e);
    }
  }

  private static void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * 23505 unique violation, 40001 serialization failure, 40P01 deadlock, HYT00 lock timeout (H2), 90131
   * concurrent update (H2): another writer won the head; try again.
   */
  private static boolean retryable(SQLException e) {
    String s = e.getSQLState();
    return "23505".equals(s) || "40001".equals(s) || "40P01".equals(s) || "HYT00".equals(s) || "90131".equals(s);
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException("audit: interrupted while waiting to append", e);
    }
  }
}
