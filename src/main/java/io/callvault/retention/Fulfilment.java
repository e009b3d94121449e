package io.callvault.retention;

import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Deleting when the purpose is met: a purpose that declares {@code on-fulfilment: P2W} keeps a copy at most that much
 * longer once someone marks it fulfilled (the quality evaluation done, the dispute settled). Marking sets the copy's
 * retain-until to min(current, now + period), audited in the same transaction; the retention sweep then deletes or
 * anonymises it as for any expiry, and legal holds still win there. Marking again never lengthens it.
 */
public final class Fulfilment {
  private final Catalog catalog;
  private final PolicySet policies;
  private final AuditTrail audit;
  private final Clock clock;

  public Fulfilment(Catalog catalog, PolicySet policies, AuditTrail audit, Clock clock) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * What marking did.
   *
   * @param previous the retain-until before
   * @param retainUntil the retain-until now (the same when the copy already expired sooner)
   * @param onFulfilment the purpose's period
   */
  public record Result(String recordingId, String purpose, Instant previous, Instant retainUntil, Period onFulfilment) {
    public boolean shortened() {
      return retainUntil.isBefore(previous);
    }

    public String describe() {
      return "copy " + recordingId + "/" + purpose + " fulfilled: retain-until " + previous
          + (shortened() ? " -> " + retainUntil : " (unchanged: it ends sooner than now + " + onFulfilment + ")")
          + " (on-fulfilment " + onFulfilment + ")";
    }
  }

  /** The recording has no copy for the purpose (or the purpose is not configured): nothing to mark. */
  public static final class NoSuchCopyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoSuchCopyException(String message) {
      super(message);
    }
  }

  /** The copy cannot be marked fulfilled: its purpose declares no on-fulfilment, or it is gone already. */
  public static final class NotFulfillableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFulfillableException(String message) {
      super(message);
    }
  }

  /** Whether the purpose exists (callers check the caller's role on it before {@link #fulfil}). */
  public boolean knows(String purpose) {
    return policies.byName(purpose).isPresent();
  }

  /**
   * Marks the copy of {@code recordingId} for {@code purposeName} fulfilled by {@code actor}.
   *
   * @throws NoSuchCopyException when there is no such purpose or copy
   * @throws NotFulfillableException when the purpose declares no on-fulfilment, or the copy is no longer stored
   */
  public Result fulfil(String recordingId, String purposeName, String actor) {
    Purpose purpose = policies.byName(purposeName).orElseThrow(() -> new NoSuchCopyException("no purpose '"
        + purposeName + "' in policies.yaml; the purposes are " + policies.purposes().stream().map(Purpose::name).toList()));
    Period period = purpose.onFulfilment();
    if (period == null) {
      throw new NotFulfillableException("purpose '" + purposeName + "' declares no on-fulfilment in policies.yaml:"
          + " its copies are kept for their retention (" + purpose.retention() + "); if the purpose can be met"
          + " sooner, add e.g. 'on-fulfilment: P2W' to it");
    }
    Instant now = clock.instant();
    // whole seconds: what the answer says is what the catalog keeps (it stores microseconds at most)
    Instant candidate = now.atZone(ZoneOffset.UTC).plus(period).toInstant().truncatedTo(ChronoUnit.SECONDS);
    return catalog.transactions().write("fulfil " + recordingId + "/" + purposeName, tx -> {
      CopyEntry copy = catalog.findCopy(tx, recordingId, purposeName).orElseThrow(() -> new NoSuchCopyException(
          "recording " + recordingId + " has no copy for purpose '" + purposeName + "'"));
      if (!copy.state().equals(CopyEntry.STORED)) {
        throw new NotFulfillableException("the " + purposeName + " copy of " + recordingId + " is " + copy.state()
            + " already; there is nothing left to delete");
      }
      Instant until = candidate.isBefore(copy.retainUntil()) ? candidate : copy.retainUntil();
      catalog.retainUntil(tx, recordingId, purposeName, until);
      Result result = new Result(recordingId, purposeName, copy.retainUntil(), until, period);
      audit.append(tx, actor, AuditAction.PURPOSE_FULFILLED, recordingId, result.describe());
      return result;
    });
  }
}
