package io.callvault.retention;

import java.util.Locale;

/** What a sweep did (or, in a dry run, would do) with a copy. */
public enum SweepAction {
  /** Object and every version erased; copy DELETED; tombstone written. */
  DELETE,
  /** Audio erased; statistics record written; copy ANONYMISED. */
  ANONYMISE,
  /** The recording's identifying metadata cleared while this copy stays (pseudonymise-after). */
  PSEUDONYMISE,
  /** Expired, but an active legal hold covers it: kept. */
  HELD,
  /** Expired, but its purpose is no longer in policies.yaml: kept, and reported as an error. */
  KEPT,
  /**
   * An erasure (GDPR Art. 17) that S3 had not confirmed, or that a legal hold had deferred, retried and now
   * confirmed: copy ERASED and tombstoned, its request's certificate issued again.
   */
  ERASE;

  /** Lower-case word for reports. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
