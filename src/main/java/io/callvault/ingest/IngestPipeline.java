package io.callvault.ingest;

import io.callvault.audio.AudioSniffer;
import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditTrail;
import io.callvault.audio.AudioSniffer.BadAudioException;
import io.callvault.audio.MaskResult;
import io.callvault.audio.MaskSettings;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.DecisionEntry;
import io.callvault.catalog.QuarantineEntry;
import io.callvault.catalog.RecordingEntry;
import io.callvault.catalog.SubjectKeys;
import io.callvault.consent.ConsentAnswer;
import io.callvault.consent.ConsentSource;
import io.callvault.consent.ConsentUnavailableException;
import io.callvault.crypto.RecordingEncryptor;
import io.callvault.policy.Decision;
import io.callvault.policy.KeyTemplate;
import io.callvault.policy.Purpose;
import io.callvault.policy.PurposeDecision;
import io.callvault.policy.PurposePolicy;
import io.callvault.source.CdrIndex;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.Recording;
import io.callvault.source.RecordingIdentifier;
import io.callvault.source.UnidentifiableRecordingException;
import io.callvault.policy.ObjectLockMode;
import io.callvault.store.ObjectLock;
import io.callvault.store.ObjectStore;
import io.callvault.store.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest path for one drop file: identify, consent, decide, encrypt, store, catalog.
 *
 * <p>Ordering: every granted copy is uploaded and verified, then the catalog commits the recording
 * with its state, call context and masking counts, the copies, the decisions and the audit entry in one
 * transaction ({@link Catalog#commitIngest}), and only then does the outcome say
 * {@link Disposition#DONE} (delete from the drop). Re-running on the same file is idempotent:
 * object keys are deterministic and copies already cataloged are not written again.
 */
public final class IngestPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
  /** The audit trail's actor for what the ingest decides on its own. */
  public static final String ACTOR = "callvault-ingest";

  private final PhoneNumbers numbers;
  private final ConsentSource consent;
  private final PurposePolicy policy;
  private final Map<String, List<PGPPublicKey>> recipientsByPurpose;
  private final CopyWriter writer;
  private final ObjectStore store;
  private final Catalog catalog;
  private final SubjectKeys subjectKeys;
  private final AuditTrail audit;
  private final Clock clock;
  private final ZoneId keyZone;
  private final Map<ZoneId, RecordingIdentifier> identifiers = new ConcurrentHashMap<>();
  private final MaskingPolicy masking;

  public IngestPipeline(
      PhoneNumbers numbers,
      ConsentSource consent,
      PurposePolicy policy,
      Map<String, List<PGPPublicKey>> recipientsByPurpose,
      RecordingEncryptor encryptor,
      java.nio.file.Path tempDir,
      ObjectStore store,
      Catalog catalog,
      SubjectKeys subjectKeys,
      AuditTrail audit,
      MaskingPolicy masking,
      Clock clock) {
    this.numbers = numbers;
    this.consent = consent;
    this.policy = policy;
    this.recipientsByPurpose = Map.copyOf(recipientsByPurpose);
    this.writer = new CopyWriter(encryptor, tempDir);
    this.store = store;
    this.catalog = catalog;
    this.subjectKeys = subjectKeys;
    this.audit = audit;
    this.masking = masking;
    this.clock = clock;
    this.keyZone = ZoneOffset.UTC;
  }

  /**
   * Ingests one file.
   *
   * @param file the claimed drop file
   * @param cdr the CDR of this file's drop ({@link CdrIndex#empty()} when there is none)
   * @param audio opens the file's content; called only when a copy has to be written
   * @return what to do with the source file; unexpected failures (S3 or catalog down) are thrown
   *     and the caller leaves the file in the drop
   */
  public IngestOutcome ingest(DropFile file, CdrIndex cdr, AudioOpener audio) throws IOException {
    Recording recording;
    try {
      recording = identifiers
          .computeIfAbsent(file.pbxZone(), z -> new RecordingIdentifier(numbers, z, subjectKeys::keyOf))
          .identify(file.sourceId(), file.relativePath(), cdr);
    } catch (UnidentifiableRecordingException e) {
      return quarantine(file, null, "cannot identify: " + e.getMessage());
    }

    List<CopyEntry> existing = catalog.copiesOf(recording.id());
    if (!existing.isEmpty() && existing.stream().noneMatch(c -> c.state().equals(CopyEntry.STORED))) {
      String reason = "re-dropped after its copies were deleted or erased; not stored again";
      LOG.info("recording {} ({}): {}", recording.id(), file.ref(), reason);
      audit.append(ACTOR, AuditAction.DISCARD, recording.id(), reason);
      return new IngestOutcome(Disposition.DONE, recording.id(), reason, List.of());
    }
    ConsentAnswer answer = askConsent(recording);
    java.util.Set<String> withdrawn = recording.subject() == null ? java.util.Set.of()
        : catalog.withdrawals(subjectKeys.keyOf(recording.subject()));
    Decision decision = PurposePolicy.honourWithdrawals(policy.decide(recording, answer), withdrawn);
    // every purpose with a copy row, whatever its state: an erased copy is never stored again
    Set<String> alreadyStored = existing.stream()
        .map(CopyEntry::purpose)
        .collect(Collectors.toSet());
    List<Purpose> toStore = decision.granted().stream()
        .map(PurposeDecision::purpose)
        .filter(p -> !alreadyStored.contains(p.name()))
        .toList();

    List<CopyEntry> newCopies = new ArrayList<>();
    String plaintextSha256 = null;
    MaskResult masked = null;
    if (!toStore.isEmpty()) {
      Map<String, List<PGPPublicKey>> recipients = new LinkedHashMap<>();
      for (Purpose p : toStore) {
        recipients.put(p.name(), recipientsByPurpose.get(p.name()));
      }
      if (file.sidecarProblem() != null) {
        return quarantine(file, recording.id(), "payment-window sidecar unusable: " + file.sidecarProblem());
      }
      MaskSettings mask = masking.enabled() ? masking.forRecording(cdrRow(cdr, file), file.sidecarWindows(), recording.uniqueId()) : null;
      try (InputStream raw = audio.open();
          CopyWriter.Written written = writer.write(recording.id(), AudioSniffer.check(raw, recording.format()), recipients, mask)) {
        masked = written.masking();
        if (masked != null && !masked.masked() && masking.quarantineUnmaskable()) {
          return quarantine(file, recording.id(), "audio cannot be masked (" + masked.notMaskedReason()
              + ") and callvault.masking.unmaskable=quarantine");
        }
        plaintextSha256 = written.plaintextSha256();
        for (Purpose p : toStore) {
          newCopies.add(upload(recording, p, written));
        }
      } catch (BadAudioException e) {
        return quarantine(file, recording.id(), "unusable audio: " + e.getMessage());
      }
    }

    String state;
    String reason;
    if (decision.pending()) {
      state = "PENDING";
      reason = "waiting for the consent source; stays in the drop";
    } else if (decision.granted().isEmpty()) {
      state = "DISCARDED";
      reason = "no purpose granted; audio discarded";
    } else {
      state = "STORED";
      reason = "stored for " + decision.granted().stream().map(d -> d.purpose().name()).collect(Collectors.joining(", "));
    }
    Instant now = clock.instant();
    List<DecisionEntry> decisions = decision.purposes().stream()
        .map(d -> new DecisionEntry(recording.id(), d.purpose().name(), d.outcome().name(), d.reason(), now))
        .toList();
    RecordingEntry entry = new RecordingEntry(
        recording.id(), recording.sourceId(), recording.uniqueId(), recording.callType(),
        recording.direction().name(), recording.start(), recording.durationSeconds(), recording.billsec(),
        recording.disposition(), recording.subject() == null ? null : subjectKeys.keyOf(recording.subject()),
        recording.format().name(), state, reason, now);
    List<String> stored = newCopies.stream().map(CopyEntry::purpose).toList();
    io.callvault.source.CdrRecord row = cdrRow(cdr, file);
    String queue = List.of("q", "rg").contains(recording.callType()) ? recording.callee() : null;
    String caseId = row == null || row.userfield() == null ? null : caseId(row.userfield());
    Catalog.MaskingCounts maskingCounts = masked == null ? null : new Catalog.MaskingCounts(masked.masked(),
        masked.tonesMasked(), masked.maskedMillis(), masked.masked() ? masked.note() : "not masked: " + masked.notMaskedReason());
    String auditReason = decision.purposes().stream().map(d -> d.purpose().name() + "=" + d.outcome())
        .collect(Collectors.joining(", ")) + (stored.isEmpty() ? "" : "; stored " + stored);
    // the recording, its copies, decisions and audit entry commit together, or none of them does
    catalog.commitIngest(new Catalog.IngestCommit(entry, queue, caseId, maskingCounts, newCopies, decisions, file.ref()),
        c -> audit.append(c, ACTOR, state.equals("DISCARDED") ? AuditAction.DISCARD : AuditAction.INGEST_DECISION,
            recording.id(), auditReason));

    LOG.info("recording {} ({}): {}; new copies {}{}", recording.id(), file.ref(), state, stored,
        plaintextSha256 == null ? "" : ", plaintext sha256 " + plaintextSha256.substring(0, 12));
    Disposition disposition = decision.pending() ? Disposition.KEEP : Disposition.DONE;
    return new IngestOutcome(disposition, recording.id(), reason, stored);
  }

  private static final java.util.regex.Pattern CASE = java.util.regex.Pattern.compile("case=([A-Za-z0-9][A-Za-z0-9._:-]{0,63})");

  /** The case id the dialplan put in the CDR userfield ({@code case=<id>}), for legal holds by case. */
  static String caseId(String userfield) {
    java.util.regex.Matcher m = CASE.matcher(userfield);
    return m.find() ? m.group(1) : null;
  }

  /** The CDR row of a drop file (one-touch files are matched by time and party), or null. */
  private static io.callvault.source.CdrRecord cdrRow(CdrIndex cdr, DropFile file) {
    try {
      return cdr.lookup(io.callvault.source.FreePbxFileName.parse(file.relativePath()), file.pbxZone()).orElse(null);
    } catch (UnidentifiableRecordingException e) {
      return null;
    }
  }

  private ConsentAnswer askConsent(Recording recording) {
    if (recording.subject() == null) {
      return new ConsentAnswer(Map.of(), "none");
    }
    try {
      return consent.lookup(recording.subject());
    } catch (ConsentUnavailableException e) {
      LOG.warn("recording {}: consent source unavailable ({}); consent-based purposes wait", recording.id(), e.getMessage());
      return null;
    }
  }

  private CopyEntry upload(Recording recording, Purpose purpose, CopyWriter.Written written) throws IOException {
    String key = KeyTemplate.render(purpose.keyTemplate(), recording, purpose, keyZone);
    Instant retainUntil = PurposePolicy.retainUntil(purpose, recording.start());
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("recording-id", recording.id());
    metadata.put("purpose", purpose.name());
    metadata.put("legal-basis", purpose.legalBasis().yamlName());
    metadata.put("retain-until", retainUntil.toString());
    metadata.put("format", recording.format().name().toLowerCase(java.util.Locale.ROOT));
    metadata.put("plaintext-sha256", written.plaintextSha256());
    callMetadata(recording, purpose).forEach((k, v) -> metadata.put("call-" + k.replaceFirst("^call-", ""), v));
    ObjectLock lock = purpose.objectLock() == null ? null
        : purpose.objectLock() == ObjectLockMode.COMPLIANCE ? ObjectLock.compliance(retainUntil) : ObjectLock.governance(retainUntil);
    StoredObject stored = store.putVerified(purpose.bucket(), key, written.ciphertextByPurpose().get(purpose.name()), metadata,
        written.digestByPurpose().get(purpose.name()), lock);
    return new CopyEntry(recording.id(), purpose.name(), purpose.legalBasis().yamlName(), purpose.bucket(), key,
        retainUntil, written.plaintextSha256(), written.plaintextSize(), stored.sha256Hex(), stored.size(),
        recording.format().name(), "STORED", clock.instant());
  }

  /**
   * The call metadata this purpose keeps ({@code metadata:} in policies.yaml); every other field is
   * dropped before the copy is written. Phone numbers are never among the fields.
   */
  private Map<String, String> callMetadata(Recording r, Purpose purpose) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String field : purpose.metadata()) {
      String value = switch (field) {
        case "direction" -> r.direction().name().toLowerCase(java.util.Locale.ROOT);
        case "call-type" -> r.callType();
        case "call-day" -> r.start().atZone(ZoneOffset.UTC).toLocalDate().toString();
        case "call-start" -> r.start().toString();
        case "duration" -> r.durationSeconds() == null ? null : r.durationSeconds().toString();
        case "disposition" -> r.disposition();
        case "source" -> r.sourceId();
        case "agent" -> agent(r);
        default -> null;
      };
      if (value != null) {
        out.put(field, value);
      }
    }
    return out;
  }

  private String agent(Recording r) {
    for (String party : new String[] {r.callee(), r.caller()}) {
      if (party != null && numbers.isExtension(party)) {
        return party;
      }
    }
    return null;
  }

  private IngestOutcome quarantine(DropFile file, String recordingId, String reason) {
    LOG.warn("file {} quarantined: {}", file.ref(), reason);
    catalog.recordQuarantine(new QuarantineEntry(file.ref(), file.sourceId(), reason, clock.instant()));
    audit.append(ACTOR, AuditAction.QUARANTINE, recordingId == null ? file.ref() : recordingId, reason);
    return IngestOutcome.quarantine(recordingId, reason);
  }

  /**
   * Quarantines a drop entry that was never opened because it is not a regular file (a symbolic link
   * to a file or a directory, a FIFO...): logged with its ref, cataloged and audited like any quarantine.
   */
  public IngestOutcome notARegularFile(DropFile file, String reason) {
    return quarantine(file, null, reason);
  }

  /**
   * Records a failure of the ingest of a file and says what to do with it: keep it for another
   * try, or quarantine it once {@code maxAttempts} is reached, so nothing is retried forever.
   */
  public IngestOutcome failed(DropFile file, String reason, int maxAttempts) {
    int attempts = catalog.recordFailure(file.ref(), file.sourceId(), reason);
    if (attempts >= maxAttempts) {
      return quarantine(file, null, "gave up after " + attempts + " attempts: " + reason);
    }
    LOG.warn("file {} failed (attempt {}/{}), stays in the drop: {}", file.ref(), attempts, maxAttempts, reason);
    return new IngestOutcome(Disposition.KEEP, null, reason, List.of());
  }

  /** Opens the content of a drop file. */
  @FunctionalInterface
  public interface AudioOpener {
    InputStream open() throws IOException;
  }
}
