package io.callvault.rights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.RecordingEntry;
import io.callvault.policy.LegalBasis;
import io.callvault.policy.PolicySet;
import io.callvault.retention.Holds;
import io.callvault.store.DeleteOutcome;
import io.callvault.store.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Erasure of a subject's copies (GDPR Art. 17), on request or when the CRM reports a consent
 * withdrawal or an objection. A copy under a legal hold is kept (Art. 17(3)(e)), and so is a copy
 * kept under a legal obligation (Art. 17(3)(b)); every other copy is deleted from S3 (all versions),
 * marked ERASED and tombstoned. Each erasure issues a certificate whose content hash is audited.
 */
public final class Erasure {
  public static final String ERASED = "ERASED";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).findAndRegisterModules();

  private final Catalog catalog;
  private final ObjectStore store;
  private final Holds holds;
  private final PolicySet policies;
  private final AuditTrail audit;
  private final Clock clock;

  public Erasure(Catalog catalog, ObjectStore store, Holds holds, PolicySet policies, AuditTrail audit, Clock clock) {
    this.catalog = catalog;
    this.store = store;
    this.holds = holds;
    this.policies = policies;
    this.audit = audit;
    this.clock = clock;
  }

  /** What happened to one copy. {@code outcome} is ERASED, KEPT or ALREADY_GONE. */
  public record CopyResult(String recordingId, String purpose, String legalBasis, String outcome, String reason) {}

  /** The erasure's answer: every copy with its outcome, and the certificate. */
  public record Report(String certificateId, String subjectKey, String requestedBy, String issuedAt, String grounds,
      List<CopyResult> copies, String contentHash) {}

  /** Erases every copy of the subject that may be erased. */
  public Report eraseSubject(String subjectKey, String actor, String grounds) {
    return erase(subjectKey, actor, grounds, c -> true);
  }

  /**
   * Applies a consent event idempotently: a withdrawal erases the copies kept on that consent flag,
   * an objection (Art. 21) those kept on legitimate interest. Replaying an event id returns the
   * first answer and changes nothing.
   */
  public Map<String, Object> consentEvent(String eventId, String subjectKey, String type, String flag) throws SQLException {
    // claim the event id first, so that a repeated or concurrent delivery replays instead of erasing twice
    try (Connection c = catalog.dataSource().getConnection()) {
      try (PreparedStatement st = c.prepareStatement(
          "insert into consent_events (event_id, subject_key, event_type, flag, received_at) values (?,?,?,?,?)")) {
        st.setString(1, eventId);
        st.setString(2, subjectKey);
        st.setString(3, type);
        st.setString(4, flag);
        st.setTimestamp(5, Timestamp.from(clock.instant()));
        st.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
          throw e;
        }
        return replay(c, eventId);
      }
    }
    Predicate<CopyEntry> affected = type.equals("withdrawal")
        ? copy -> policies.byName(copy.purpose()).map(p -> p.legalBasis() == LegalBasis.CONSENT && flag.equals(p.consentFlag())).orElse(false)
        : copy -> copy.legalBasis().equals(LegalBasis.LEGITIMATE_INTEREST.yamlName());
    String grounds = type.equals("withdrawal") ? "consent '" + flag + "' withdrawn (Art. 7(3), 17(1)(b))"
        : "objection to legitimate interest (Art. 21, 17(1)(c))";
    Report report = erase(subjectKey, "crm-webhook", grounds, affected);
    try (Connection c = catalog.dataSource().getConnection();
        PreparedStatement st = c.prepareStatement("update consent_events set result = ? where event_id = ?")) {
      st.setString(1, JSON.writeValueAsString(report));
      st.setString(2, eventId);
      st.executeUpdate();
      c.commit();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    audit.append("crm-webhook", AuditAction.CONSENT_EVENT, subjectKey, type + (flag == null ? "" : " of " + flag)
        + ", event " + io.callvault.privacy.PersonalData.redact(eventId));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("event_id", eventId);
    result.put("replayed", false);
    result.put("result", report);
    return result;
  }

  private static Map<String, Object> replay(Connection c, String eventId) throws SQLException {
    Map<String, Object> replay = new LinkedHashMap<>();
    replay.put("event_id", eventId);
    replay.put("replayed", true);
    try (PreparedStatement st = c.prepareStatement("select result from consent_events where event_id = ?")) {
      st.setString(1, eventId);
      try (ResultSet rs = st.executeQuery()) {
        String result = rs.next() ? rs.getString(1) : null;
        replay.put("result", result == null ? "still being applied" : JSON.readTree(result));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    } finally {
      c.rollback();
    }
    return replay;
  }

  private Report erase(String subjectKey, String actor, String grounds, Predicate<CopyEntry> which) {
    List<CopyResult> results = new ArrayList<>();
    for (RecordingEntry r : catalog.recordingsOfSubject(subjectKey)) {
      Optional<String> hold = holds.activeHoldFor(r.id());
      for (CopyEntry copy : catalog.copiesOf(r.id())) {
        if (!which.test(copy)) {
          continue;
        }
        if (!copy.state().equals(CopyEntry.STORED)) {
          results.add(new CopyResult(r.id(), copy.purpose(), copy.legalBasis(), "ALREADY_GONE", "copy is " + copy.state()));
          continue;
        }
        if (hold.isPresent()) {
          results.add(new CopyResult(r.id(), copy.purpose(), copy.legalBasis(), "KEPT",
              "Art. 17(3)(e): needed for legal claims; under legal hold " + hold.get()));
          continue;
        }
        if (copy.legalBasis().equals(LegalBasis.LEGAL_OBLIGATION.yamlName())) {
          String until = copy.retainUntil().toString().substring(0, 10);
          results.add(new CopyResult(r.id(), copy.purpose(), copy.legalBasis(), "KEPT",
              "Art. 17(3)(b): kept under a legal obligation until " + until));
          continue;
        }
        DeleteOutcome outcome = store.deleteAll(copy.bucket(), List.of(copy.objectKey()));
        if (!outcome.allDeleted()) {
          results.add(new CopyResult(r.id(), copy.purpose(), copy.legalBasis(), "FAILED",
              "the object could not be deleted; retry the request"));
          continue;
        }
        markErased(copy, grounds);
        results.add(new CopyResult(r.id(), copy.purpose(), copy.legalBasis(), ERASED, grounds));
      }
    }
    return certify(subjectKey, actor, grounds, results);
  }

  private void markErased(CopyEntry copy, String grounds) {
    try (Connection c = catalog.dataSource().getConnection()) {
      try (PreparedStatement st = c.prepareStatement("update copies set state = ? where recording_id = ? and purpose = ? and state = 'STORED'")) {
        st.setString(1, ERASED);
        st.setString(2, copy.recordingId());
        st.setString(3, copy.purpose());
        st.executeUpdate();
      }
      try (PreparedStatement st = c.prepareStatement("delete from tombstones where recording_id = ? and purpose = ?")) {
        st.setString(1, copy.recordingId());
        st.setString(2, copy.purpose());
        st.executeUpdate();
      }
      try (PreparedStatement st = c.prepareStatement("insert into tombstones (recording_id, purpose, legal_basis, bucket,"
          + " object_key, action, reason, deleted_at, sweep_id, versioning) values (?,?,?,?,?,?,?,?,?,?)")) {
        st.setString(1, copy.recordingId());
        st.setString(2, copy.purpose());
        st.setString(3, copy.legalBasis());
        st.setString(4, copy.bucket());
        st.setString(5, copy.objectKey());
        st.setString(6, "ERASE");
        st.setString(7, grounds);
        st.setTimestamp(8, Timestamp.from(clock.instant()));
        st.setString(9, "erasure");
        st.setString(10, "UNKNOWN");
        st.executeUpdate();
      }
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record the erasure of " + copy.recordingId() + "/" + copy.purpose(), e);
    }
  }

  private Report certify(String subjectKey, String actor, String grounds, List<CopyResult> results) {
    String id = "cert_" + UUID.randomUUID().toString().replace("-", "");
    Instant at = clock.instant();
    Report unsigned = new Report(id, subjectKey, actor, at.toString(), grounds, results, null);
    String hash;
    String body;
    try {
      body = JSON.writeValueAsString(unsigned);
      hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Report report = new Report(id, subjectKey, actor, at.toString(), grounds, results, hash);
    try (Connection c = catalog.dataSource().getConnection()) {
      try (PreparedStatement st = c.prepareStatement(
          "insert into erasure_certificates (id, subject_key, issued_at, content_hash, certificate) values (?,?,?,?,?)")) {
        st.setString(1, id);
        st.setString(2, subjectKey);
        st.setTimestamp(3, Timestamp.from(at));
        st.setString(4, hash);
        st.setString(5, body);
        st.executeUpdate();
      }
      long erased = results.stream().filter(r -> r.outcome().equals(ERASED)).count();
      audit.append(c, actor, AuditAction.ERASURE, subjectKey,
          "certificate " + id + " sha256 " + hash + ": " + erased + " erased, " + (results.size() - erased) + " kept or gone");
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the erasure certificate", e);
    }
    return report;
  }

  /** The certificate's content hash is SHA-256 over its JSON without the {@code contentHash} field. */
  public static String describeHash() {
    return "SHA-256 of the certificate JSON (keys sorted) with contentHash null";
  }

}
