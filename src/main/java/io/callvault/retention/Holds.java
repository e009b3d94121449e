package io.callvault.retention;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.LegalHolds;
import io.callvault.catalog.Transactions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Legal holds and their rules; the rows are {@link LegalHolds}' (table {@code legal_holds}). A hold covers a
 * recording directly, every recording of a subject key, or every recording of a case id. Targets are opaque
 * ids: a value that looks like a phone number is refused. Thread-safe.
 */
public final class Holds {

  private static final Pattern SUBJECT_KEY = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern OPAQUE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Logger LOG = LoggerFactory.getLogger(Holds.class);

  private final Transactions transactions;
  private final LegalHolds rows;
  private final Clock clock;
  private final List<Consumer<Hold>> afterRelease = new CopyOnWriteArrayList<>();

  public Holds(Catalog catalog, Clock clock) {
    this.transactions = catalog.transactions();
    this.rows = new LegalHolds(catalog);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Places a hold and returns its id.
   *
   * @param target recording id, subject key (64 hex, see {@code SubjectKeys}) or case id
   * @param reviewAt when someone must decide whether the hold is still needed
   * @throws IllegalArgumentException on a missing field or a target that is not an opaque id
   */
  public String place(HoldScope scope, String target, String reason, String placedBy, Instant reviewAt) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(reviewAt, "a hold needs a review date");
    requireText(reason, "reason");
    requireText(placedBy, "placed-by");
    checkTarget(scope, target);
    String id = "hold_" + HexFormat.of().formatHex(randomBytes(8));
    rows.insert(new Hold(id, scope, target, reason, placedBy, clock.instant(), reviewAt, null, null));
    return id;
  }

  /**
   * Releases an active hold and returns it as released; then runs the {@link #afterRelease} listeners.
   *
   * @throws IllegalArgumentException when no hold has this id
   * @throws IllegalStateException when it was already released
   */
  public Hold release(String id, String releasedBy) {
    requireText(releasedBy, "released-by");
    Instant now = clock.instant();
    Hold released = transactions.write("release hold " + id, tx -> {
      Hold hold = rows.find(tx, id).orElseThrow(() -> unknown(id));
      if (!hold.active()) {
        throw released(hold);
      }
      rows.markReleased(tx, id, releasedBy, now);
      return rows.find(tx, id).orElseThrow();
    });
    for (Consumer<Hold> listener : afterRelease) {
      try {
        listener.accept(released);
      } catch (RuntimeException e) {
        LOG.warn("after the release of legal hold {}: {}; the next retention sweep catches up", id, e.toString());
      }
    }
    return released;
  }

  /**
   * Moves an active hold's review date (someone reviewed it and keeps it until then) and returns the hold as
   * it is now; the caller audits it, as a placement or a release.
   *
   * @throws IllegalArgumentException when no hold has this id, or the date is missing or before today (UTC)
   * @throws IllegalStateException when the hold was released
   */
  public Hold review(String id, Instant reviewAt) {
    Objects.requireNonNull(reviewAt, "a hold needs a review date");
    Instant today = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    if (reviewAt.isBefore(today)) {
      throw new IllegalArgumentException("the new review date " + reviewAt.toString().substring(0, 10)
          + " is in the past: give today or a later day");
    }
    return transactions.write("review hold " + id, tx -> {
      Hold hold = rows.find(tx, id).orElseThrow(() -> unknown(id));
      if (!rows.updateReview(tx, id, reviewAt)) {
        throw released(hold);
      }
      return rows.find(tx, id).orElseThrow();
    });
  }

  private static IllegalArgumentException unknown(String id) {
    return new IllegalArgumentException("no legal hold with id '" + id + "': list them with `./callvault hold list`");
  }

  private static IllegalStateException released(Hold hold) {
    return new IllegalStateException("legal hold " + hold.id() + " was already released by " + hold.releasedBy()
        + " at " + hold.releasedAt());
  }

  /**
   * Calls {@code listener} with every hold released from now on, once the release is committed, so that what
   * the hold stopped happens now (erasures a hold deferred: see {@code Erasure}). A failing listener is
   * logged and the release stands.
   */
  public void afterRelease(Consumer<Hold> listener) {
    afterRelease.add(Objects.requireNonNull(listener, "listener"));
  }

  public Optional<Hold> find(String id) {
    return rows.find(id);
  }

  /** Holds by placement time; only the active ones when {@code activeOnly}. */
  public List<Hold> list(boolean activeOnly) {
    return rows.list(activeOnly);
  }

  /** Active holds whose review date is before {@code now}. */
  public List<Hold> overdue(Instant now) {
    return list(true).stream().filter(h -> h.overdue(now)).toList();
  }

  /** Whether an active hold covers the recording, directly, through its subject key or its case id. */
  public boolean isHeld(String recordingId) {
    return rows.isHeld(recordingId);
  }

  /** Which of these recordings an active hold covers now (one query; used just before deleting). */
  public Set<String> heldAmong(Collection<String> recordingIds) {
    return rows.heldAmong(recordingIds);
  }

  /** The id of an active hold covering the recording (directly, by subject or by case), if any. */
  public Optional<String> activeHoldFor(String recordingId) {
    return rows.activeHoldFor(recordingId);
  }

  private static void checkTarget(HoldScope scope, String target) {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("a " + scope.name().toLowerCase(java.util.Locale.ROOT)
          + " hold needs a target");
    }
    if (io.callvault.privacy.PersonalData.looksLikePhoneNumber(target)) {
      throw new IllegalArgumentException("the hold target looks like a phone number; holds name opaque ids only:"
          + " for a subject, give the subject key (derived from the number), not the number");
    }
    if (scope == HoldScope.SUBJECT && !SUBJECT_KEY.matcher(target).matches()) {
      throw new IllegalArgumentException("a subject hold needs the subject key (64 lower-case hex characters),"
          + " as derived by SubjectKeys from the normalised number or CRM id");
    }
    if (!OPAQUE_ID.matcher(target).matches()) {
      throw new IllegalArgumentException("hold target is not an id: use letters, digits, '.', '_', ':' or '-'"
          + " (at most 128)");
    }
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a hold needs a " + what);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
