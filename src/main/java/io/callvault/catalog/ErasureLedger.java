package io.callvault.catalog;

import io.callvault.retention.Hold;
import io.callvault.store.DeleteOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The catalog rows of erasures: copy states, tombstones, unfinished erasures (V7), certificates and consent
 * events (V4). Each method is one transaction unless it takes one. What an erasure erases, keeps or defers,
 * and what its certificate says, are {@link io.callvault.rights.Erasure}'s rules.
 */
public final class ErasureLedger {
  /** Statuses of an unfinished erasure: sent to S3 and not confirmed yet, or kept back by a hold. */
  private static final String PENDING = "PENDING";
  private static final String DEFERRED = "DEFERRED";
  private static final int MAX_TEXT = 1000;

  /** One copy an erasure request has not finished. */
  public record Unfinished(String requestId, String recordingId, String purpose, String status, String grounds,
      String reason) {
    /** {@code <recording id>/<purpose>}. */
    public String copyRef() {
      return recordingId + "/" + purpose;
    }
  }

  /** A consent event as first received; {@code result} is null while it is being applied. */
  public record StoredEvent(String subjectKey, String type, String flag, String result) {}

  /** The newest certificate of a request. */
  public record Latest(String id, String eventId, String body) {}

  /**
   * An erasure certificate to store: {@code body} is its JSON, {@code eventId} the consent event it answers (or
   * null), {@code supersedes} the request's certificate it replaces (or null).
   */
  public record Certificate(String id, String requestId, String eventId, String subjectKey, Instant issuedAt,
      String contentHash, String body, String supersedes) {}

  private final Transactions transactions;

  public ErasureLedger(Catalog catalog) {
    this.transactions = Objects.requireNonNull(catalog, "catalog").transactions();
  }

  /**
   * Records the event id; false when it was recorded before (a replay, or a reuse of the id). Of two concurrent
   * deliveries, the one whose insert loses the race sees the other's row when its transaction runs again.
   */
  public boolean claimEvent(String eventId, String subjectKey, String type, String flag, Instant now) {
    return transactions.writeSql("record consent event", c -> {
      try (PreparedStatement st = c.prepareStatement("select 1 from consent_events where event_id = ?")) {
        st.setString(1, eventId);
        try (ResultSet rs = st.executeQuery()) {
          if (rs.next()) {
            return false;
          }
        }
      }
      try (PreparedStatement st = c.prepareStatement("insert into consent_events (event_id, subject_key,"
          + " event_type, flag, received_at) values (?,?,?,?,?)")) {
        st.setString(1, eventId);
        st.setString(2, subjectKey);
        st.setString(3, type);
        st.setString(4, flag);
        Sql.setInstant(st, 5, now);
        st.executeUpdate();
      }
      return true;
    });
  }

  public Optional<StoredEvent> storedEvent(String eventId) {
    return transactions.readSql("read consent event", c -> {
      try (PreparedStatement st = c.prepareStatement(
          "select subject_key, event_type, flag, result from consent_events where event_id = ?")) {
        st.setString(1, eventId);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? Optional.of(new StoredEvent(rs.getString(1), rs.getString(2), rs.getString(3),
              rs.getString(4))) : Optional.empty();
        }
      }
    });
  }

  /**
   * Durable before destructive: marks a STORED (or already pending) copy ERASE_PENDING for this request
   * before its object is touched. False when the copy is in neither state any more.
   */
  public boolean beginPending(String requestId, CopyEntry copy, String grounds, Instant now) {
    return transactions.writeSql("mark copy erase-pending", c -> {
      try (PreparedStatement st = c.prepareStatement("update copies set state = 'ERASE_PENDING' where recording_id = ?"
          + " and purpose = ? and state in ('STORED', 'ERASE_PENDING')")) {
        st.setString(1, copy.recordingId());
        st.setString(2, copy.purpose());
        if (st.executeUpdate() == 0) {
          return false;
        }
      }
      int updated;
      try (PreparedStatement st = c.prepareStatement("update unfinished_erasures set status = 'PENDING',"
          + " attempts = attempts + 1, last_attempt_at = ? where request_id = ? and recording_id = ? and purpose = ?")) {
        Sql.setInstant(st, 1, now);
        bindRow(st, 2, requestId, copy.recordingId(), copy.purpose());
        updated = st.executeUpdate();
      }
      if (updated == 0) {
        insert(c, requestId, copy, PENDING, grounds, "deletion sent; S3 has not confirmed it yet", now, 1);
      }
      return true;
    });
  }

  /** Records that a hold kept the copy from this request's erasure; an existing row stays as it is. */
  public void defer(String requestId, CopyEntry copy, String grounds, String reason, Instant now) {
    transactions.writeSql("defer erasure", c -> {
      try (PreparedStatement st = c.prepareStatement("select 1 from unfinished_erasures where request_id = ?"
          + " and recording_id = ? and purpose = ?")) {
        bindRow(st, 1, requestId, copy.recordingId(), copy.purpose());
        try (ResultSet rs = st.executeQuery()) {
          if (rs.next()) {
            return null;
          }
        }
      }
      insert(c, requestId, copy, DEFERRED, grounds, reason, now, 0);
      return null;
    });
  }

  private static void insert(Connection c, String requestId, CopyEntry copy, String status, String grounds,
      String reason, Instant now, int attempts) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("insert into unfinished_erasures (request_id, recording_id,"
        + " purpose, status, grounds, reason, since, attempts, last_attempt_at) values (?,?,?,?,?,?,?,?,?)")) {
      bindRow(st, 1, requestId, copy.recordingId(), copy.purpose());
      st.setString(4, status);
      st.setString(5, Sql.cut(grounds, MAX_TEXT));
      st.setString(6, Sql.cut(reason, MAX_TEXT));
      Sql.setInstant(st, 7, now);
      st.setInt(8, attempts);
      Sql.setInstant(st, 9, attempts == 0 ? null : now);
      st.executeUpdate();
    }
  }

  /**
   * S3 confirmed that nothing is left: the copy becomes ERASED and is tombstoned with the versioning found.
   * False when the copy was no longer ERASE_PENDING (finished by someone else meanwhile).
   */
  public boolean confirmErased(CopyEntry copy, String grounds, DeleteOutcome.Versioning versioning, Instant now) {
    return transactions.writeSql("record erasure", c -> {
      try (PreparedStatement st = c.prepareStatement("update copies set state = 'ERASED' where recording_id = ?"
          + " and purpose = ? and state = 'ERASE_PENDING'")) {
        st.setString(1, copy.recordingId());
        st.setString(2, copy.purpose());
        if (st.executeUpdate() == 0) {
          return false;
        }
      }
      try (PreparedStatement st = c.prepareStatement("delete from tombstones where recording_id = ? and purpose = ?")) {
        st.setString(1, copy.recordingId());
        st.setString(2, copy.purpose());
        st.executeUpdate();
      }
      try (PreparedStatement st = c.prepareStatement("insert into tombstones (recording_id, purpose, legal_basis,"
          + " bucket, object_key, action, reason, deleted_at, sweep_id, versioning) values (?,?,?,?,?,?,?,?,?,?)")) {
        st.setString(1, copy.recordingId());
        st.setString(2, copy.purpose());
        st.setString(3, copy.legalBasis());
        st.setString(4, copy.bucket());
        st.setString(5, copy.objectKey());
        st.setString(6, "ERASE");
        st.setString(7, Sql.cut(grounds, MAX_TEXT));
        Sql.setInstant(st, 8, now);
        st.setString(9, "erasure");
        st.setString(10, versioning.name());
        st.executeUpdate();
      }
      return true;
    });
  }

  /** Why the copy's erasure is still pending, on every pending row of the copy. */
  public void stillPending(CopyEntry copy, String reason, Instant now) {
    transactions.writeSql("record pending erasure", c -> {
      try (PreparedStatement st = c.prepareStatement("update unfinished_erasures set reason = ?, last_attempt_at = ?"
          + " where recording_id = ? and purpose = ? and status = 'PENDING'")) {
        st.setString(1, Sql.cut(reason, MAX_TEXT));
        Sql.setInstant(st, 2, now);
        st.setString(3, copy.recordingId());
        st.setString(4, copy.purpose());
        st.executeUpdate();
      }
      return null;
    });
  }

  /** The request is done with this copy. */
  public void settle(Tx tx, String requestId, String recordingId, String purpose) {
    tx.sql(c -> Sql.update(c, "delete from unfinished_erasures where request_id = ? and recording_id = ?"
        + " and purpose = ?", requestId, recordingId, purpose));
  }

  /** The request waits for S3 to confirm this copy's erasure (a deferred row becomes pending). */
  public void pending(Tx tx, String requestId, String recordingId, String purpose, String reason) {
    tx.sql(c -> Sql.update(c, "update unfinished_erasures set status = 'PENDING', reason = ? where request_id = ?"
        + " and recording_id = ? and purpose = ?", Sql.cut(reason, MAX_TEXT), requestId, recordingId, purpose));
  }

  /** Erasures S3 has not confirmed yet (status PENDING; those a hold defers are not counted), and the oldest's start. */
  public record Backlog(long pending, Optional<Instant> oldestSince) {}

  public Backlog backlog() {
    return transactions.readSql("count pending erasures", c -> {
      try (PreparedStatement st = c.prepareStatement(
          "select count(*), min(since) from unfinished_erasures where status = 'PENDING'");
          ResultSet rs = st.executeQuery()) {
        rs.next();
        return new Backlog(rs.getLong(1), Optional.ofNullable(Sql.instant(rs, 2)));
      }
    });
  }

  /** Every unfinished erasure, or only those of the recordings {@code released} covered. */
  public List<Unfinished> unfinished(Hold released) {
    String scope = released == null ? "" : switch (released.scope()) {
      case RECORDING -> " where u.recording_id = ?";
      case SUBJECT -> " where r.subject_key = ?";
      case CASE -> " where r.case_id = ?";
    };
    return transactions.readSql("read unfinished erasures", c -> {
      List<Unfinished> out = new ArrayList<>();
      try (PreparedStatement st = c.prepareStatement("select u.request_id, u.recording_id, u.purpose, u.status,"
          + " u.grounds, u.reason from unfinished_erasures u left join recordings r on r.id = u.recording_id"
          + scope + " order by u.request_id, u.recording_id, u.purpose")) {
        if (released != null) {
          st.setString(1, released.target());
        }
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            out.add(new Unfinished(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6)));
          }
        }
      }
      return out;
    });
  }

  /**
   * Stores the certificate, and marks the one it supersedes.
   *
   * @throws IllegalStateException when that one was superseded meanwhile
   */
  public void insertCertificate(Tx tx, Certificate cert) {
    tx.sql(c -> {
      try (PreparedStatement st = c.prepareStatement("insert into erasure_certificates (id, subject_key, issued_at,"
          + " content_hash, certificate, request_id, event_id) values (?,?,?,?,?,?,?)")) {
        st.setString(1, cert.id());
        st.setString(2, cert.subjectKey());
        Sql.setInstant(st, 3, cert.issuedAt());
        st.setString(4, cert.contentHash());
        st.setString(5, cert.body());
        st.setString(6, cert.requestId());
        st.setString(7, cert.eventId());
        st.executeUpdate();
      }
      if (cert.supersedes() != null && Sql.update(c, "update erasure_certificates set superseded_by = ?"
          + " where id = ? and superseded_by is null", cert.id(), cert.supersedes()) == 0) {
        throw new IllegalStateException("erasure certificate " + cert.supersedes() + " was superseded"
            + " meanwhile; its request is settled by the next retry");
      }
      return null;
    });
  }

  /** What a replay of the consent event answers: its newest certificate. */
  public void setEventResult(Tx tx, String eventId, String result) {
    tx.sql(c -> Sql.update(c, "update consent_events set result = ? where event_id = ?", result, eventId));
  }

  public Optional<Latest> latestCertificate(String requestId) {
    return transactions.readSql("read erasure certificate", c -> {
      try (PreparedStatement st = c.prepareStatement("select id, event_id, certificate from erasure_certificates"
          + " where request_id = ? and superseded_by is null")) {
        st.setString(1, requestId);
        try (ResultSet rs = st.executeQuery()) {
          return rs.next() ? Optional.of(new Latest(rs.getString(1), rs.getString(2), rs.getString(3)))
              : Optional.<Latest>empty();
        }
      }
    });
  }

  private static void bindRow(PreparedStatement st, int from, String requestId, String recordingId, String purpose)
      throws SQLException {
    st.setString(from, requestId);
    st.setString(from + 1, recordingId);
    st.setString(from + 2, purpose);
  }
}
