package io.callvault.ingest;

import io.callvault.health.Dependencies;
import io.callvault.audio.MaskResult;
import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.ColumnSizes;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.DecisionEntry;
import io.callvault.catalog.RecordingEntry;
import io.callvault.catalog.SubjectKeys;
import io.callvault.source.CdrRecord;
import io.callvault.source.Recording;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog step, the ingest's commit point: the recording with its state, call context and masking
 * counts, the copies stored, the decisions and the audit entry commit in one transaction; only then may the
 * file leave the drop. While a recording waits for the consent source, only its first deferral is audited
 * (every poll re-decides it), and its resolution.
 */
public final class CatalogStep {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogStep.class);
  /** The audit trail's actor for what the ingest decides on its own. */
  public static final String ACTOR = "callvault-ingest";
  private static final Pattern CASE = Pattern.compile("case=([A-Za-z0-9][A-Za-z0-9._:-]{0,63})");

  private final Catalog catalog;
  private final AuditTrail audit;
  private final SubjectKeys keys;
  private final Dependencies dependencies;
  private final Clock clock;
  private final io.callvault.health.HubMetrics metrics;

  public CatalogStep(Catalog catalog, AuditTrail audit, SubjectKeys keys, Dependencies dependencies, Clock clock) {
    this(catalog, audit, keys, dependencies, io.callvault.health.HubMetrics.NONE, clock);
  }

  public CatalogStep(Catalog catalog, AuditTrail audit, SubjectKeys keys, Dependencies dependencies,
      io.callvault.health.HubMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.catalog = catalog;
    this.audit = audit;
    this.keys = keys;
    this.dependencies = dependencies;
    this.clock = clock;
  }

  public void commit(Ingest in) {
    Recording r = in.recording();
    Instant now = clock.instant();
    String state = in.getState();
    List<CopyEntry> stored = in.storedCopies();
    List<DecisionEntry> decisions = in.decision().purposes().stream()
        .map(d -> new DecisionEntry(r.id(), d.purpose().name(), d.outcome().name(), d.reason(), now)).toList();
    RecordingEntry entry = new RecordingEntry(r.id(), r.sourceId(), r.uniqueId(), r.callType(), r.direction().name(),
        r.start(), r.durationSeconds(), r.billsec(), ColumnSizes.bounded(r.disposition(), ColumnSizes.DISPOSITION),
        r.subject() == null ? null : keys.keyOf(r.subject()),
        r.format().name(), state, withCdrProblem(in.getReason(), in), now);
    boolean stillWaiting = state.equals("PENDING") && catalog.findRecording(r.id())
        .map(e -> e.state().equals("PENDING")).orElse(false);
    String auditReason = in.decision().purposes().stream().map(CatalogStep::audited)
        .collect(Collectors.joining(", ")) + (stored.isEmpty() ? "" : "; stored " + purposes(stored))
        + (in.cdrProblem() == null ? "" : "; " + in.cdrProblem())
        + (in.getIntegrityNote() == null || stored.isEmpty() ? "" : "; WAV header repaired (" + in.getIntegrityNote() + ")");
    catalog.commitIngest(new Catalog.IngestCommit(entry, queue(r), caseId(r, in.cdrRecord()), masking(in), stored,
        decisions, in.getRef(), in.written() == null ? null : in.getIntegrityNote()), c -> {
          io.callvault.catalog.RecordingSubjects.linkEmployees(c, r.id(), in.employeeKeys());
          if (!stillWaiting) {
            audit.append(c, ACTOR, state.equals("DISCARDED") ? AuditAction.DISCARD : AuditAction.INGEST_DECISION,
                r.id(), auditReason);
          }
        });
    dependencies.up("catalog");
    count(r.sourceId(), state, stored, stillWaiting);
    if (!stored.isEmpty()) {
      dependencies.up("s3");
    }
    if (in.written() != null) {
      servedThisFile(in.file().sourceId());
    }
    LOG.info("recording {} ({}): {}; new copies {}{}", r.id(), in.getRef(), state, purposes(stored),
        in.written() == null ? "" : ", plaintext sha256 " + in.written().plaintextSha256().substring(0, 12));
  }

  /**
   * The file was downloaded and its copies written: the drop's server, the temp folder and the CRM's payment
   * windows served it, so whichever of them was down is back.
   */
  private void servedThisFile(String sourceId) {
    for (String used : List.of(sftpDependency(sourceId), "temp-dir", "crm")) {
      if (!dependencies.isUp(used)) {
        dependencies.up(used);
      }
    }
  }

  /** Metrics: each copy stored now (ingested, with its bytes), or the recording discarded. */
  private void count(String source, String state, List<CopyEntry> stored, boolean stillWaiting) {
    for (CopyEntry c : stored) {
      metrics.recording(source, c.purpose(), "ingested");
      metrics.storedBytes(source, c.purpose(), c.ciphertextSize());
    }
    if (state.equals("DISCARDED") && !stillWaiting) {
      metrics.recording(source, "none", "discarded");
    }
  }

  /** The name under which a PBX source's SFTP server is up or down in {@link Dependencies}. */
  public static String sftpDependency(String sourceId) {
    return "sftp:" + sourceId;
  }

  private static String withCdrProblem(String reason, Ingest in) {
    return in.cdrProblem() == null ? reason : reason + "; " + in.cdrProblem();
  }

  /** "training=GRANTED"; an expiry on arrival carries its reason (dates and periods only, no personal data). */
  private static String audited(io.callvault.policy.PurposeDecision d) {
    String outcome = d.purpose().name() + "=" + d.outcome();
    return d.outcome() == io.callvault.policy.PurposeDecision.Outcome.EXPIRED ? outcome + " (" + d.reason() + ")" : outcome;
  }

  /** A file whose copies were all deleted or erased before is not stored again; that is audited. */
  public void goneBefore(Ingest in) {
    String reason = "re-dropped after its copies were deleted or erased; not stored again";
    LOG.info("recording {} ({}): {}", in.getRecordingId(), in.getRef(), reason);
    audit.append(ACTOR, AuditAction.DISCARD, in.getRecordingId(), reason);
  }

  private static List<String> purposes(List<CopyEntry> copies) {
    return copies.stream().map(CopyEntry::purpose).toList();
  }

  static String queue(Recording r) {
    if (r.context().queue() != null) {
      return r.context().queue();
    }
    return List.of("q", "rg").contains(r.callType()) ? r.callee() : null;
  }

  /** The case id the recorder's metadata gives, else the one in the CDR userfield. */
  static String caseId(Recording r, CdrRecord row) {
    return r.context().caseId() != null ? r.context().caseId() : caseId(row);
  }

  private static Catalog.MaskingCounts masking(Ingest in) {
    MaskResult m = in.written() == null ? null : in.written().masking();
    return m == null ? null : new Catalog.MaskingCounts(m.masked(), m.tonesMasked(), m.maskedMillis(),
        m.masked() ? m.note() : "not masked: " + m.notMaskedReason());
  }

  /** The case id the dialplan put in the CDR userfield ({@code case=<id>}), for legal holds by case. */
  static String caseId(CdrRecord row) {
    return row == null || row.userfield() == null ? null : caseId(row.userfield());
  }

  static String caseId(String userfield) {
    Matcher m = CASE.matcher(userfield);
    return m.find() ? m.group(1) : null;
  }
}
