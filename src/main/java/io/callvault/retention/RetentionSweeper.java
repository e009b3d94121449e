package io.callvault.retention;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.SweepLedger;
import io.callvault.catalog.SweepLedger.Target;
import io.callvault.catalog.SweepReports;
import io.callvault.catalog.Transactions;
import io.callvault.catalog.Tx;
import io.callvault.policy.ExpiryAction;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import io.callvault.store.DeleteOutcome;
import io.callvault.store.ObjectStore;
import io.callvault.store.StoreException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retention sweep: finds, in the catalog (never in an S3 listing), the copies whose retain-until
 * has passed and that no legal hold covers, and deletes or anonymises them as their purpose says;
 * clears identifying metadata of recordings past their purposes' pseudonymise-after.
 *
 * <p><b>Crash safety.</b> Before a copy's object is touched, an intent row ({@code retention_intents})
 * names the copy and the action. The copy is marked DELETED/ANONYMISED, its tombstone (and statistics
 * record) written and its intent removed in one transaction, and only after S3 confirmed the erasure:
 * {@link ObjectStore#deleteAll} checks each key after the delete (a listing of the batch's prefix or a HEAD,
 * and the versions left on a versioned bucket), so a delete the server acknowledged but did not carry out keeps its intent, is
 * reported as an error, and is retried by the next sweep. So no copy is ever marked erased while its
 * object still exists, and a copy whose object may be gone is always flagged by its intent. Each sweep
 * first finishes the intents left by an earlier one (S3 deletes are idempotent), and counts each copy
 * once: in the sweep whose transaction marked it.
 *
 * <p><b>Unfinished erasures.</b> Then it retries the erasures (Art. 17) that S3 had not confirmed or that a
 * legal hold had deferred ({@link UnfinishedErasures}, counted as {@link SweepAction#ERASE}).
 *
 * <p><b>Why anonymise removes the audio.</b> A voice is biometric and identifying in itself, and a
 * call's content names people, accounts and places; no in-place transformation of the audio makes
 * it anonymous in the GDPR sense (Recital 26), so "anonymise" keeps only a de-identified statistics
 * row (day, duration, direction, call type, queue, purpose, disposition, source PBX) and erases the
 * audio.
 *
 * <p><b>Recording ids after anonymisation.</b> The ingest id is derived from the PBX source and
 * unique id, so anyone with the PBX's CDR (which also holds the phone numbers) can recompute it: it is
 * a pseudonym. When the last copy of a recording is gone and one of them was anonymised, the
 * recording and every catalog row that points to it (copies, decisions, tombstones, released holds)
 * are re-keyed to a fresh random id, and object keys (which embed the old id) are replaced. When all
 * copies were simply deleted, the id is kept as the link of the tombstones, which are evidence of
 * erasure; identifiers (subject key, PBX unique id, case id, time of day) are removed either way.
 *
 * <p>The catalog rows the sweep reads and writes are {@link SweepLedger}'s; this class keeps the phases.
 */
public final class RetentionSweeper {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);

  /** Copies per batch unless told otherwise; also S3's limit of keys per multi-object delete. */
  public static final int DEFAULT_BATCH = 1000;

  private static final int MAX_ERRORS = 100;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Transactions transactions;
  private final SweepLedger ledger;
  private final ObjectStore store;
  private final Holds holds;
  private final PolicySet policies;
  private final Clock clock;
  private final SweepReports reports;
  private final UnfinishedErasures unfinished;

  public RetentionSweeper(Catalog catalog, ObjectStore store, Holds holds, PolicySet policies, Clock clock) {
    this(catalog, store, holds, policies, clock, UnfinishedErasures.NONE);
  }

  /** A sweep that also retries, first, the erasures {@code unfinished} could not finish. */
  public RetentionSweeper(Catalog catalog, ObjectStore store, Holds holds, PolicySet policies, Clock clock,
      UnfinishedErasures unfinished) {
    this.unfinished = Objects.requireNonNull(unfinished, "unfinished");
    this.transactions = catalog.transactions();
    this.ledger = new SweepLedger(catalog);
    this.store = Objects.requireNonNull(store, "store");
    this.holds = Objects.requireNonNull(holds, "holds");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.reports = new SweepReports(catalog);
  }

  /** {@link #sweep(boolean, int)} with batches of {@value #DEFAULT_BATCH}. */
  public SweepReport sweep(boolean dryRun) {
    return sweep(dryRun, DEFAULT_BATCH);
  }

  /**
   * Runs one sweep. A real sweep stores its report in the catalog, also when it fails half-way (then
   * with the failure among its errors, and the exception is rethrown); a dry run changes nothing, in
   * S3 or in the catalog, and only returns what it would do.
   *
   * @param batchSize copies handled per batch (and per multi-object delete request per bucket), 1..1000
   */
  public SweepReport sweep(boolean dryRun, int batchSize) {
    if (batchSize < 1 || batchSize > ObjectStore.MAX_KEYS_PER_DELETE) {
      throw new IllegalArgumentException("batch size must be 1.." + ObjectStore.MAX_KEYS_PER_DELETE
          + ", got " + batchSize);
    }
    Run run = new Run("sweep_" + hex(8), clock.instant(), dryRun);
    RuntimeException crash = null;
    try {
      finishIntents(run, batchSize);
      retryErasures(run);
      expire(run, batchSize);
      pseudonymise(run, batchSize);
      countKept(run);
    } catch (RuntimeException e) {
      run.error("sweep aborted: " + e.getMessage() + "; the next sweep finishes what was started");
      crash = e;
    }
    try {
      holds.overdue(run.now).forEach(h -> run.overdue.add(h.describe()));
    } catch (RuntimeException e) {
      run.error("cannot list overdue holds: " + e.getMessage());
    }
    SweepReport report = run.report(clock.instant());
    if (!dryRun) {
      try {
        reports.save(report);
      } catch (RuntimeException e) {
        if (crash == null) {
          throw e;
        }
        crash.addSuppressed(e);
      }
    }
    if (crash != null) {
      throw crash;
    }
    LOG.info("{}", report.render());
    return report;
  }

  // ---------------------------------------------------------------- phase 1: intents left by a crash

  private void finishIntents(Run run, int batchSize) {
    String[] after = {"", ""};
    while (true) {
      List<Target> page = ledger.intents(after[0], after[1], batchSize);
      if (page.isEmpty()) {
        return;
      }
      Target last = page.get(page.size() - 1);
      after[0] = last.recordingId();
      after[1] = last.purpose();
      List<Target> todo = new ArrayList<>();
      for (Target t : page) {
        if (resumes(run, t)) {
          todo.add(t);
        }
      }
      if (run.dryRun) {
        todo.forEach(t -> run.count(t.purpose(), t.action()));
      } else {
        erase(run, todo);
      }
    }
  }

  /** Whether the erasure an intent names must go on; else (copy gone, or held in time) the intent is dropped. */
  private boolean resumes(Run run, Target t) {
    if (!CopyEntry.STORED.equals(t.copyState())) {
      if (!run.dryRun) {
        ledger.dropIntents(List.of(t)); // finished or gone: nothing left to do
      }
      return false;
    }
    if (t.held() && store.exists(t.bucket(), t.objectKey())) {
      // a hold arrived after the copy was chosen and before its object was touched: the hold wins
      run.note("copy " + t.recordingId() + "/" + t.purpose() + " came under a legal hold before its erasure; kept");
      run.count(t.purpose(), SweepAction.HELD);
      if (!run.dryRun) {
        ledger.dropIntents(List.of(t));
      }
      return false;
    }
    if (t.held()) {
      run.note("copy " + t.recordingId() + "/" + t.purpose() + " came under a legal hold after its object"
          + " was erased by an interrupted sweep; recorded as erased");
    }
    return true;
  }

  // ---------------------------------------------------------------- phase 2: unfinished erasures

  private void retryErasures(Run run) {
    UnfinishedErasures.Retried retried;
    try {
      retried = unfinished.retry(run.dryRun);
    } catch (RuntimeException e) {
      run.error("unfinished erasures were not retried: " + e.getMessage() + "; the next sweep tries again");
      return;
    }
    retried.erased().forEach((purpose, n) -> run.count(purpose, SweepAction.ERASE, n));
    retried.stillPending().forEach(run::error);
    retried.notes().forEach(run::note);
  }

  // ---------------------------------------------------------------- phase 3: expired copies

  private void expire(Run run, int batchSize) {
    List<String> names = configuredPurposes();
    if (run.dryRun) {
      ledger.countExpired(run.now, names).forEach((purpose, n) -> run.count(purpose, actionOf(purpose), n));
      return;
    }
    Map<String, SweepAction> actions = new LinkedHashMap<>();
    names.forEach(name -> actions.put(name, actionOf(name)));
    while (true) {
      List<Target> batch = ledger.claimExpired(run.now, actions, run.id, batchSize);
      if (batch.isEmpty()) {
        return;
      }
      erase(run, batch);
    }
  }

  /** Erases the objects bucket by bucket, then marks what S3 confirmed. Failures stay as intents. */
  private void erase(Run run, List<Target> chosen) {
    // a hold placed after the batch was chosen still wins: check again just before deleting
    Set<String> heldNow = holds.heldAmong(chosen.stream().map(Target::recordingId).toList());
    List<Target> targets = chosen;
    if (!heldNow.isEmpty()) {
      targets = chosen.stream().filter(t -> !heldNow.contains(t.recordingId())).toList();
      List<Target> spared = chosen.stream().filter(t -> heldNow.contains(t.recordingId())).toList(); // counted as HELD at the end
      ledger.dropIntents(spared);
    }
    Map<String, List<Target>> byBucket = targets.stream()
        .collect(Collectors.groupingBy(Target::bucket, LinkedHashMap::new, Collectors.toList()));
    for (Map.Entry<String, List<Target>> e : byBucket.entrySet()) {
      String bucket = e.getKey();
      List<String> keys = e.getValue().stream().map(Target::objectKey).distinct().toList();
      DeleteOutcome outcome;
      try {
        // after retain-until a governance lock has lapsed: no bypass needed (nor wanted)
        outcome = store.deleteAll(bucket, keys, false);
      } catch (StoreException ex) {
        run.error("bucket " + bucket + ": " + e.getValue().size() + " copies not erased, the next sweep"
            + " retries: " + ex.getMessage());
        continue;
      }
      if (outcome.versioning() == DeleteOutcome.Versioning.NOT_SUPPORTED) {
        run.note("bucket " + bucket + ": the S3 server does not implement versioning; plain deletes were used"
            + " (the bucket is treated as unversioned)");
      }
      outcome.failed().forEach((key, code) -> run.error("s3://" + bucket + "/" + key + ": " + code
          + "; the copy stays marked for erasure and the next sweep retries"));
      Set<String> gone = new java.util.HashSet<>(outcome.deleted());
      List<Target> done = e.getValue().stream().filter(t -> gone.contains(t.objectKey())).toList();
      Map<String, Map<SweepAction, Long>> counted = transactions.write("mark erased copies",
          tx -> markErased(tx, run, done, outcome.versioning()));
      counted.forEach((purpose, m) -> m.forEach((action, n) -> run.count(purpose, action, n)));
    }
  }

  /**
   * In the caller's transaction: marks the copies S3 confirmed erased, with their tombstones (and statistics
   * rows), and removes the identifiers of recordings left without copies. Returns what it counted.
   */
  private Map<String, Map<SweepAction, Long>> markErased(Tx tx, Run run, List<Target> done,
      DeleteOutcome.Versioning versioning) {
    Map<String, Map<SweepAction, Long>> counted = new TreeMap<>();
    Set<String> recordings = new LinkedHashSet<>();
    for (Target t : done) {
      String state = t.action() == SweepAction.ANONYMISE ? CopyEntry.ANONYMISED : CopyEntry.DELETED;
      if (!ledger.markErased(tx, t, state)) {
        continue;
      }
      if (t.action() == SweepAction.ANONYMISE) {
        ledger.recordStatistics(tx, t.recordingId(), t.purpose());
      }
      ledger.writeTombstone(tx, t, tombstoneReason(t), run.now, run.id, versioning.name());
      counted.computeIfAbsent(t.purpose(), k -> new EnumMap<>(SweepAction.class)).merge(t.action(), 1L, Long::sum);
      recordings.add(t.recordingId());
    }
    for (String recordingId : recordings) {
      if (!ledger.anyLeft(tx, recordingId)) {
        stripIdentifiers(tx, recordingId, run.now);
      }
    }
    return counted;
  }

  private String tombstoneReason(Target t) {
    Purpose p = policies.byName(t.purpose()).orElse(null);
    return (p == null ? "retention" : "retention " + p.retention()) + " of purpose " + t.purpose()
        + " ended " + LocalDate.ofInstant(t.retainUntil(), ZoneOffset.UTC) + "; on-expiry: " + t.action().word();
  }

  /**
   * The last copy is gone: no identifier of the call may stay. Clears subject key, PBX unique id and
   * case id; cuts every timestamp tied to the call to its day; blanks digests of the erased audio; and
   * re-keys the recording when a copy was anonymised (see the class comment).
   */
  private void stripIdentifiers(Tx tx, String recordingId, Instant now) {
    ledger.pseudonymise(tx, recordingId, now, "identifiers removed by the retention sweep after its last copy");
    ledger.forgetErasedDetails(tx, recordingId);
    if (ledger.anyAnonymised(tx, recordingId)) {
      ledger.rekey(tx, recordingId, "anon_" + hex(12));
    }
  }

  // ---------------------------------------------------------------- phase 4: pseudonymise-after

  /**
   * A recording is pseudonymised once every stored copy of it belongs to a purpose whose
   * pseudonymise-after has passed (identifiers are per recording, so one purpose that still needs
   * them keeps them for all), and no hold covers it.
   */
  private void pseudonymise(Run run, int batchSize) {
    Map<String, Period> after = new TreeMap<>();
    for (Purpose p : policies.purposes()) {
      if (p.pseudonymiseAfter() != null) {
        after.put(p.name(), p.pseudonymiseAfter());
      }
    }
    if (after.isEmpty()) {
      return;
    }
    List<String> names = new ArrayList<>(after.keySet());
    String cursor = "";
    while (true) {
      List<String> ids = ledger.toPseudonymise(run.now, names, cursor, batchSize);
      if (ids.isEmpty()) {
        return;
      }
      cursor = ids.get(ids.size() - 1);
      Map<String, Map<SweepAction, Long>> counted = transactions.write("pseudonymise recordings", tx -> {
        Map<String, Map<SweepAction, Long>> n = new TreeMap<>();
        for (String id : ids) {
          List<String> purposes = duePurposes(ledger.stored(tx, id, run.now), after, run.now);
          if (purposes.isEmpty()) {
            continue;
          }
          if (!run.dryRun) {
            ledger.pseudonymise(tx, id, run.now, "pseudonymised after "
                + purposes.stream().map(p -> p + " " + after.get(p)).collect(Collectors.joining(", ")));
          }
          for (String p : purposes) {
            n.computeIfAbsent(p, k -> new EnumMap<>(SweepAction.class)).merge(SweepAction.PSEUDONYMISE, 1L,
                Long::sum);
          }
        }
        return n;
      });
      counted.forEach((purpose, m) -> m.forEach((action, n) -> run.count(purpose, action, n)));
    }
  }

  /**
   * The purposes of the recording's stored copies when all are past pseudonymise-after; else empty. Expired
   * copies are the erasure's business (they are gone by now in a real sweep), and are not among them.
   */
  private static List<String> duePurposes(SweepLedger.Stored stored, Map<String, Period> after, Instant now) {
    if (stored.start() == null || stored.purposes().isEmpty()) {
      return List.of();
    }
    for (String p : stored.purposes()) {
      Period period = after.get(p);
      if (period == null || stored.start().atZone(ZoneOffset.UTC).plus(period).toInstant().isAfter(now)) {
        return List.of();
      }
    }
    List<String> purposes = new ArrayList<>(stored.purposes());
    Collections.sort(purposes);
    return purposes;
  }

  // ---------------------------------------------------------------- phase 5: what stays and why

  private void countKept(Run run) {
    SweepLedger.Kept kept = ledger.kept(run.now, configuredPurposes());
    kept.held().forEach((purpose, n) -> run.count(purpose, SweepAction.HELD, n));
    kept.unconfigured().forEach((purpose, n) -> {
      run.count(purpose, SweepAction.KEPT, n);
      run.error(n + " expired copies of purpose '" + purpose + "' were kept: policies.yaml"
          + " no longer defines that purpose, so its on-expiry is unknown; add it back (with on-expiry)"
          + " to let the sweep erase them");
    });
  }

  // ---------------------------------------------------------------- helpers

  private List<String> configuredPurposes() {
    return policies.purposes().stream().map(Purpose::name).toList();
  }

  private SweepAction actionOf(String purpose) {
    Purpose p = policies.byName(purpose).orElseThrow(() -> new IllegalStateException(
        "purpose " + purpose + " is not configured"));
    return p.onExpiry() == ExpiryAction.ANONYMISE ? SweepAction.ANONYMISE : SweepAction.DELETE;
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** The state of one sweep while it runs. */
  private static final class Run {
    final String id;
    final Instant now;
    final boolean dryRun;
    final Map<String, Map<SweepAction, Long>> counts = new TreeMap<>();
    final List<String> errors = new ArrayList<>();
    final Set<String> notes = new LinkedHashSet<>();
    final List<String> overdue = new ArrayList<>();
    int droppedErrors;

    Run(String id, Instant now, boolean dryRun) {
      this.id = id;
      this.now = now;
      this.dryRun = dryRun;
    }

    void count(String purpose, SweepAction action) {
      count(purpose, action, 1);
    }

    void count(String purpose, SweepAction action, long n) {
      counts.computeIfAbsent(purpose, k -> new EnumMap<>(SweepAction.class)).merge(action, n, Long::sum);
    }

    void error(String message) {
      if (errors.size() < MAX_ERRORS) {
        errors.add(message);
      } else {
        droppedErrors++;
      }
      LOG.warn("retention sweep {}: {}", id, message);
    }

    void note(String message) {
      notes.add(message);
    }

    SweepReport report(Instant finished) {
      List<String> e = new ArrayList<>(errors);
      if (droppedErrors > 0) {
        e.add("... and " + droppedErrors + " more errors");
      }
      return new SweepReport(id, now, finished, dryRun, counts, e, overdue, new ArrayList<>(notes));
    }
  }
}
