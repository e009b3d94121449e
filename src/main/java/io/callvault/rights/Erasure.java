package io.callvault.rights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.ErasureLedger;
import io.callvault.catalog.RecordingEntry;
import io.callvault.catalog.Transactions;
import io.callvault.catalog.Tx;
import io.callvault.policy.LegalBasis;
import io.callvault.policy.PolicySet;
import io.callvault.retention.Hold;
import io.callvault.retention.Holds;
import io.callvault.retention.UnfinishedErasures;
import io.callvault.store.DeleteOutcome;
import io.callvault.store.ObjectStore;
import io.callvault.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erasure of a subject's copies (GDPR Art. 17), on request or when the CRM reports a consent withdrawal or
 * an objection. A copy under a legal hold is kept (Art. 17(3)(e)), and so is a copy kept under a legal
 * obligation (Art. 17(3)(b)); every other copy is deleted from S3 (all versions). Each erasure issues a
 * certificate whose content hash is audited.
 *
 * <p><b>Checked, not assumed.</b> A copy is marked ERASE_PENDING before its object is touched, and ERASED
 * (and tombstoned, with the bucket versioning found) only when S3 confirms that nothing is left: a HEAD (or, for
 * a run of many keys under one prefix, a listing of it) finds no object and, on a versioned bucket, no version or
 * delete marker is listed ({@link ObjectStore#deleteAll}).
 * Otherwise it stays ERASE_PENDING with the reason, the certificate lists it as pending, and every retention
 * sweep retries it ({@link #retry}).
 *
 * <p><b>Held copies.</b> A copy a hold keeps is recorded as deferred; when the hold is released (this class
 * listens to {@link Holds#afterRelease}), or at the next sweep, its erasure is applied.
 *
 * <p>Each time an unfinished copy is finished, the request's certificate is issued again with the copy's new
 * outcome (the new certificate names the one it supersedes), and a consent event's stored result, which a
 * replay returns, becomes the new certificate.
 */
public final class Erasure implements UnfinishedErasures {
  public static final String ERASED = "ERASED";
  public static final String ERASE_PENDING = "ERASE_PENDING";
  public static final String KEPT = "KEPT";
  public static final String ALREADY_GONE = "ALREADY_GONE";
  /** The outcome of a copy in a {@link #preview}: an erasure now would delete it. */
  public static final String WOULD_ERASE = "WOULD_ERASE";
  private static final String SYSTEM_ACTOR = "callvault-erasure";
  private static final Logger LOG = LoggerFactory.getLogger(Erasure.class);
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).findAndAddModules().build();

  private final Catalog catalog;
  private final ObjectStore store;
  private final Holds holds;
  private final PolicySet policies;
  private final AuditTrail audit;
  private final Clock clock;
  private final Transactions transactions;
  private final ErasureLedger ledger;

  /** Also registers with {@code holds}, so that releasing a hold applies the erasures it deferred. */
  public Erasure(Catalog catalog, ObjectStore store, Holds holds, PolicySet policies, AuditTrail audit, Clock clock) {
    this.catalog = catalog;
    this.store = store;
    this.holds = holds;
    this.policies = policies;
    this.audit = audit;
    this.clock = clock;
    this.transactions = catalog.transactions();
    this.ledger = new ErasureLedger(catalog);
    holds.afterRelease(this::holdReleased);
  }

  private final List<Runnable> afterCertificate = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Runs {@code listener} after each certificate (and its audit entry) committed, for example to anchor the
   * audit trail's head outside the database. A failing listener is logged; the erasure stands.
   */
  public void afterCertificate(Runnable listener) {
    afterCertificate.add(listener);
  }

  private <T> T certified(T result) {
    for (Runnable r : afterCertificate) {
      try {
        r.run();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(Erasure.class).error("after an erasure certificate: {}",
            io.callvault.ingest.Redaction.reason(e));
      }
    }
    return result;
  }

  /**
   * What happened to one copy: {@code outcome} is ERASED (S3 confirmed nothing is left), ERASE_PENDING (not
   * confirmed yet; {@code reason} says why, and the sweep retries), KEPT (with the article) or ALREADY_GONE.
   */
  public record CopyResult(String recordingId, String purpose, String legalBasis, String outcome, String reason) {}

  /**
   * The erasure's answer and certificate: every copy with its outcome. {@code requestId} is the id of the
   * request's first certificate; a later certificate of the same request names the one it {@code supersedes}.
   */
  public record Report(String certificateId, String requestId, String supersedes, String subjectKey,
      String requestedBy, String issuedAt, String grounds, List<CopyResult> copies, String contentHash) {}

  /** One erasure request: its id (its first certificate's), the consent event it answers (or null), whose, why. */
  private record Request(String id, String eventId, String subjectKey, String actor, String grounds) {}

  /** A copy to erase now for a request. */
  private record Target(CopyEntry copy, String requestId, String grounds) {}

  /** Erases every copy of the subject that may be erased. */
  public Report eraseSubject(String subjectKey, String actor, String grounds) {
    return erase(new Request(newCertificateId(), null, subjectKey, actor, grounds), c -> true);
  }

  /**
   * Applies a consent event idempotently: a withdrawal erases the copies kept on that consent flag, an
   * objection (Art. 21) those kept on legitimate interest. Replaying an event id with the same subject, type
   * and flag changes nothing and returns the event's current result (its newest certificate).
   *
   * @throws EventIdConflictException when the event id was used before for another subject, type or flag
   */
  public Map<String, Object> consentEvent(String eventId, String subjectKey, String type, String flag) {
    // claim the event id first, so that a repeated or concurrent delivery replays instead of erasing twice
    if (!ledger.claimEvent(eventId, subjectKey, type, flag, clock.instant())) {
      return replay(eventId, subjectKey, type, flag);
    }
    Predicate<CopyEntry> affected = type.equals("withdrawal")
        ? copy -> policies.byName(copy.purpose()).map(p -> p.legalBasis() == LegalBasis.CONSENT && flag.equals(p.consentFlag())).orElse(false)
        : copy -> copy.legalBasis().equals(LegalBasis.LEGITIMATE_INTEREST.yamlName());
    String grounds = type.equals("withdrawal") ? "consent '" + flag + "' withdrawn (Art. 7(3), 17(1)(b))"
        : "objection to legitimate interest (Art. 21, 17(1)(c))";
    Report report = erase(new Request(newCertificateId(), eventId, subjectKey, "crm-webhook", grounds), affected);
    audit.append("crm-webhook", AuditAction.CONSENT_EVENT, subjectKey, type + (flag == null ? "" : " of " + flag)
        + ", event " + io.callvault.privacy.PersonalData.redact(eventId));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("event_id", eventId);
    result.put("replayed", false);
    result.put("result", report);
    return result;
  }

  private Map<String, Object> replay(String eventId, String subjectKey, String type, String flag) {
    ErasureLedger.StoredEvent first = ledger.storedEvent(eventId).orElseThrow(() -> new IllegalStateException(
        "consent event " + eventId + " was recorded and then removed meanwhile; send it again"));
    if (!first.subjectKey().equals(subjectKey) || !first.type().equals(type) || !Objects.equals(first.flag(), flag)) {
      throw new EventIdConflictException(eventId);
    }
    Map<String, Object> replay = new LinkedHashMap<>();
    replay.put("event_id", eventId);
    replay.put("replayed", true);
    try {
      replay.put("result", first.result() == null ? "still being applied" : JSON.readTree(first.result()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the stored result of consent event " + eventId + " is not JSON", e);
    }
    return replay;
  }

  private Report erase(Request request, Predicate<CopyEntry> which) {
    Map<String, CopyResult> results = new LinkedHashMap<>();
    List<Target> toErase = new ArrayList<>();
    for (RecordingEntry r : catalog.recordingsOfSubject(request.subjectKey())) {
      Optional<String> hold = holds.activeHoldFor(r.id());
      // the subject is one of the call's employees, not its customer: the purpose decides for the customer's copy
      boolean forTheCustomer = r.subjectKey() != null && !r.subjectKey().equals(request.subjectKey());
      for (CopyEntry copy : catalog.copiesOf(r.id())) {
        if (!which.test(copy)) {
          continue;
        }
        CopyResult kept = forTheCustomer ? keptForTheCustomer(copy) : null;
        kept = kept != null ? kept : keptOrGone(request, copy, hold);
        results.put(copyRef(copy), kept); // null keeps the copy's place until it is erased
        if (kept == null) {
          toErase.add(new Target(copy, request.id(), request.grounds()));
        }
      }
    }
    results.putAll(eraseNow(toErase));
    List<CopyResult> all = new ArrayList<>(results.values());
    return certified(transactions.write("issue erasure certificate", tx -> {
      for (CopyResult r : all) {
        if (r.outcome().equals(ERASED) || r.outcome().equals(ALREADY_GONE)) {
          ledger.settle(tx, request.id(), r.recordingId(), r.purpose());
        }
      }
      return certify(tx, request, request.id(), all, null);
    }));
  }

  /** The answer for a copy that is not to be erased now, or null when it is. Records what a hold defers. */
  private CopyResult keptOrGone(Request request, CopyEntry copy, Optional<String> hold) {
    CopyResult planned = planned(copy, hold);
    if (planned != null && hold.isPresent() && planned.outcome().equals(KEPT)) {
      ledger.defer(request.id(), copy, request.grounds(), planned.reason(), clock.instant());
    }
    return planned;
  }

  /** What an erasure would do to the copy, without doing it: null when it would be erased. */
  private static CopyResult planned(CopyEntry copy, Optional<String> hold) {
    if (!copy.state().equals(CopyEntry.STORED) && !copy.state().equals(CopyEntry.ERASE_PENDING)) {
      return result(copy, ALREADY_GONE, "copy is " + copy.state());
    }
    if (hold.isPresent()) {
      return result(copy, KEPT, "Art. 17(3)(e): needed for legal claims; under legal hold " + hold.get()
          + "; erased once no hold covers it");
    }
    return keptByLaw(copy);
  }

  /**
   * The dry run of {@link #eraseSubject}: what an erasure of the subject would do to each copy now, with the
   * same rules, and nothing changed (no delete, no ledger row, no certificate). Copies that would be erased are
   * answered as {@value #WOULD_ERASE} with the request's grounds.
   */
  public List<CopyResult> preview(String subjectKey, String grounds) {
    List<CopyResult> out = new ArrayList<>();
    for (RecordingEntry r : catalog.recordingsOfSubject(subjectKey)) {
      Optional<String> hold = holds.activeHoldFor(r.id());
      boolean forTheCustomer = r.subjectKey() != null && !r.subjectKey().equals(subjectKey);
      for (CopyEntry copy : catalog.copiesOf(r.id())) {
        CopyResult planned = forTheCustomer ? keptForTheCustomer(copy) : null;
        planned = planned != null ? planned : planned(copy, hold);
        out.add(planned != null ? planned : result(copy, WOULD_ERASE, grounds));
      }
    }
    return out;
  }

  /**
   * An employee's request, for a copy that also concerns a customer: kept when its purpose says
   * {@code employee-erasure: keep}, with the purpose's reason; null otherwise (the usual rules apply, so a
   * legal-obligation copy keeps its Art. 17(3)(b) reason and a gone copy is ALREADY_GONE).
   */
  private CopyResult keptForTheCustomer(CopyEntry copy) {
    boolean live = copy.state().equals(CopyEntry.STORED);
    if (!live || copy.legalBasis().equals(LegalBasis.LEGAL_OBLIGATION.yamlName())) {
      return null;
    }
    return policies.byName(copy.purpose()).map(io.callvault.policy.Purpose::employeeErasure)
        .filter(io.callvault.policy.EmployeeErasure::keep)
        .map(e -> result(copy, KEPT, "employee's erasure: the copy also concerns a customer and purpose '"
            + copy.purpose() + "' keeps it (policies.yaml, employee-erasure: keep): " + e.reason()))
        .orElse(null);
  }

  private static CopyResult keptByLaw(CopyEntry copy) {
    if (copy.legalBasis().equals(LegalBasis.LEGAL_OBLIGATION.yamlName())) {
      String until = copy.retainUntil().toString().substring(0, 10);
      return result(copy, KEPT, "Art. 17(3)(b): kept under a legal obligation until " + until);
    }
    return null;
  }

  /**
   * Erases the copies: ERASE_PENDING first (durable before destructive), then the deletes, bucket by bucket,
   * then ERASED for each copy S3 confirms gone, else the reason it is still pending. Answers per copy.
   */
  private Map<String, CopyResult> eraseNow(List<Target> targets) {
    Instant now = clock.instant();
    Map<String, CopyResult> out = new LinkedHashMap<>();
    Map<String, List<Target>> byBucket = new LinkedHashMap<>();
    for (Target t : targets) {
      if (ledger.beginPending(t.requestId(), t.copy(), t.grounds(), now)) {
        byBucket.computeIfAbsent(t.copy().bucket(), b -> new ArrayList<>()).add(t);
      } else {
        String state = catalog.findCopy(t.copy().recordingId(), t.copy().purpose()).map(CopyEntry::state).orElse("gone");
        out.put(copyRef(t.copy()), result(t.copy(), ALREADY_GONE, "copy is " + state));
      }
    }
    byBucket.forEach((bucket, group) -> {
      DeleteOutcome outcome = null;
      String failure = null;
      try {
        outcome = store.deleteAll(bucket, group.stream().map(t -> t.copy().objectKey()).toList());
      } catch (StoreException e) {
        failure = e.getMessage();
      }
      for (Target t : group) {
        String left = outcome == null ? failure : outcome.failed().get(t.copy().objectKey());
        if (left == null) {
          ledger.confirmErased(t.copy(), t.grounds(), outcome.versioning(), now);
          out.put(copyRef(t.copy()), result(t.copy(), ERASED, t.grounds()));
        } else {
          String why = "S3 has not confirmed the erasure of s3://" + bucket + "/" + t.copy().objectKey() + ": " + left
              + "; the retention sweep retries it";
          ledger.stillPending(t.copy(), why, now);
          out.put(copyRef(t.copy()), result(t.copy(), ERASE_PENDING, why));
        }
      }
    });
    return out;
  }

  /** Retries every unfinished erasure no hold covers (the retention sweep calls this). */
  @Override
  public Retried retry(boolean dryRun) {
    return resume(null, dryRun);
  }

  /** Applies the erasures the released hold deferred, unless another hold still covers the copy. */
  void holdReleased(Hold hold) {
    Retried r = resume(hold, false);
    if (!r.erased().isEmpty() || !r.stillPending().isEmpty()) {
      LOG.info("legal hold {} released: {} deferred erasures applied, {} still pending", hold.id(),
          r.erased().values().stream().mapToLong(Long::longValue).sum(), r.stillPending().size());
    }
  }

  /** Unfinished erasures of the copies {@code released} covered (all when null) that no hold covers now. */
  private Retried resume(Hold released, boolean dryRun) {
    List<ErasureLedger.Unfinished> rows = ledger.unfinished(released);
    if (rows.isEmpty()) {
      return new Retried(Map.of(), List.of(), List.of());
    }
    Set<String> held = holds.heldAmong(rows.stream().map(ErasureLedger.Unfinished::recordingId).toList());
    List<String> notes = rows.stream().filter(u -> held.contains(u.recordingId()))
        .map(u -> "copy " + u.copyRef() + ": its erasure waits while a legal hold covers it").distinct().toList();
    Map<String, List<ErasureLedger.Unfinished>> free = rows.stream().filter(u -> !held.contains(u.recordingId()))
        .collect(Collectors.groupingBy(ErasureLedger.Unfinished::copyRef, LinkedHashMap::new, Collectors.toList()));
    if (dryRun) {
      Map<String, Long> would = free.values().stream()
          .collect(Collectors.groupingBy(u -> u.get(0).purpose(), TreeMap::new, Collectors.counting()));
      return new Retried(would, List.of(), notes);
    }
    Map<String, CopyResult> results = new LinkedHashMap<>();
    List<Target> toErase = new ArrayList<>();
    free.forEach((ref, us) -> {
      ErasureLedger.Unfinished first = us.get(0);
      Optional<CopyEntry> copy = catalog.findCopy(first.recordingId(), first.purpose());
      CopyResult settled = resumed(copy, first);
      if (settled == null) {
        toErase.add(new Target(copy.orElseThrow(), first.requestId(), first.grounds()));
      } else {
        results.put(ref, settled);
      }
    });
    Map<String, CopyResult> erasedNow = eraseNow(toErase);
    results.putAll(erasedNow);
    free.values().stream().flatMap(List::stream).collect(Collectors.groupingBy(ErasureLedger.Unfinished::requestId,
        LinkedHashMap::new, Collectors.toList())).forEach((request, us) -> settleRequest(request, us, results));
    Map<String, Long> erased = erasedNow.values().stream().filter(r -> r.outcome().equals(ERASED))
        .collect(Collectors.groupingBy(CopyResult::purpose, TreeMap::new, Collectors.counting()));
    List<String> pending = results.entrySet().stream().filter(e -> e.getValue().outcome().equals(ERASE_PENDING))
        .map(e -> "copy " + e.getKey() + ": " + e.getValue().reason()).toList();
    return new Retried(erased, pending, notes);
  }

  /** The answer for an unfinished copy that needs no erasure now, or null when it does. */
  private static CopyResult resumed(Optional<CopyEntry> found, ErasureLedger.Unfinished u) {
    if (found.isEmpty()) {
      return new CopyResult(u.recordingId(), u.purpose(), null, ALREADY_GONE, "the copy is no longer in the catalog");
    }
    CopyEntry copy = found.get();
    if (copy.state().equals(CopyEntry.ERASED)) {
      return result(copy, ERASED, u.grounds());
    }
    if (!copy.state().equals(CopyEntry.STORED) && !copy.state().equals(CopyEntry.ERASE_PENDING)) {
      return result(copy, ALREADY_GONE, "copy is " + copy.state());
    }
    return copy.state().equals(CopyEntry.STORED) ? keptByLaw(copy) : null;
  }

  /**
   * Records the new outcomes of the request's unfinished copies: finished ones leave the ledger, pending ones
   * keep their reason; and when an outcome changed, issues the request's certificate again (and updates the
   * consent event's result).
   */
  private void settleRequest(String requestId, List<ErasureLedger.Unfinished> rows, Map<String, CopyResult> results) {
    Map<String, CopyResult> own = new LinkedHashMap<>(); // an erased copy is erased on this request's grounds
    for (ErasureLedger.Unfinished u : rows) {
      CopyResult r = results.get(u.copyRef());
      if (r != null) {
        own.put(u.copyRef(), r.outcome().equals(ERASED)
            ? new CopyResult(r.recordingId(), r.purpose(), r.legalBasis(), ERASED, u.grounds()) : r);
      }
    }
    Optional<ErasureLedger.Latest> latest = ledger.latestCertificate(requestId);
    Report previous = latest.map(l -> parse(l.body())).orElse(null);
    List<CopyResult> merged = previous == null ? List.of() : new ArrayList<>(previous.copies());
    boolean changed = false;
    for (int i = 0; i < merged.size(); i++) {
      CopyResult now = own.get(copyRef(merged.get(i).recordingId(), merged.get(i).purpose()));
      if (now != null && !now.equals(merged.get(i))) {
        merged.set(i, now);
        changed = true;
      }
    }
    boolean reissue = changed;
    transactions.write("settle erasure request " + requestId, tx -> {
      for (ErasureLedger.Unfinished u : rows) {
        CopyResult r = own.get(u.copyRef());
        if (r != null && r.outcome().equals(ERASE_PENDING)) {
          ledger.pending(tx, requestId, u.recordingId(), u.purpose(), r.reason());
        } else if (r != null) {
          ledger.settle(tx, requestId, u.recordingId(), u.purpose());
        }
      }
      if (reissue) {
        Request request = new Request(requestId, latest.get().eventId(), previous.subjectKey(), previous.requestedBy(),
            previous.grounds());
        certify(tx, request, newCertificateId(), merged, previous.certificateId());
      }
      return null;
    });
    if (reissue) {
      certified(null);
    }
  }

  /** Signs and stores a certificate in the caller's transaction; audits it; updates the event's result. */
  private Report certify(Tx tx, Request request, String id, List<CopyResult> results, String supersedes) {
    Instant at = clock.instant();
    Report unsigned = new Report(id, request.id(), supersedes, request.subjectKey(), request.actor(), at.toString(),
        request.grounds(), results, null);
    String body = json(unsigned);
    String hash;
    try {
      hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Report report = new Report(id, request.id(), supersedes, request.subjectKey(), request.actor(), at.toString(),
        request.grounds(), results, hash);
    ledger.insertCertificate(tx, new ErasureLedger.Certificate(id, request.id(), request.eventId(),
        request.subjectKey(), at, hash, body, supersedes));
    if (request.eventId() != null) {
      ledger.setEventResult(tx, request.eventId(), json(report));
    }
    Map<String, Long> by = results.stream().collect(Collectors.groupingBy(CopyResult::outcome, Collectors.counting()));
    long erased = by.getOrDefault(ERASED, 0L);
    long pending = by.getOrDefault(ERASE_PENDING, 0L);
    audit.append(tx, supersedes == null ? request.actor() : SYSTEM_ACTOR, AuditAction.ERASURE, request.subjectKey(),
        "certificate " + id + " sha256 " + hash + ": " + erased + " erased, " + pending + " pending, "
            + (results.size() - erased - pending) + " kept or gone"
            + (supersedes == null ? "" : "; supersedes " + supersedes + " of request " + request.id()));
    return report;
  }

  /** The certificate's content hash is SHA-256 over its JSON without the {@code contentHash} field. */
  public static String describeHash() {
    return "SHA-256 of the certificate JSON (keys sorted) with contentHash null";
  }

  static String copyRef(String recordingId, String purpose) {
    return recordingId + "/" + purpose;
  }

  private static String copyRef(CopyEntry copy) {
    return copyRef(copy.recordingId(), copy.purpose());
  }

  private static CopyResult result(CopyEntry copy, String outcome, String reason) {
    return new CopyResult(copy.recordingId(), copy.purpose(), copy.legalBasis(), outcome, reason);
  }

  private static String newCertificateId() {
    return "cert_" + UUID.randomUUID().toString().replace("-", "");
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Report parse(String body) {
    try {
      return JSON.readValue(body, Report.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an erasure certificate in the catalog is not JSON", e);
    }
  }
}
