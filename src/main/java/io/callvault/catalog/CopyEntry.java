package io.callvault.catalog;

import java.time.Instant;
import java.util.Set;

/**
 * One stored, encrypted copy of a recording for one purpose; at most one per (recordingId, purpose).
 * Only {@code state} is checked here; every field is required, which the database enforces.
 */
public record CopyEntry(
    String recordingId,
    String purpose,
    String legalBasis,
    String bucket,
    String objectKey,
    Instant retainUntil,
    String plaintextSha256,
    long plaintextSize,
    String ciphertextSha256,
    long ciphertextSize,
    String format,
    String state,
    Instant storedAt) {

  /** Uploaded, verified and cataloged. */
  public static final String STORED = "STORED";

  /** Object and all its versions erased by the retention sweep; a tombstone says why. */
  public static final String DELETED = "DELETED";
  /** Audio erased by the retention sweep; only de-identified statistics remain. */
  public static final String ANONYMISED = "ANONYMISED";

  /**
   * Erased on a data-subject request or a consent withdrawal (GDPR Art. 17), and S3 confirmed that nothing is
   * left of the object (no object, no version, no delete marker); tombstoned.
   */
  public static final String ERASED = "ERASED";

  /**
   * To be erased (GDPR Art. 17), but S3 has not confirmed it yet: the deletion was refused, failed, or was
   * acknowledged while the object (or a version of it) is still there. Never served again; the retention
   * sweep retries the erasure (table {@code unfinished_erasures} says why it is pending).
   */
  public static final String ERASE_PENDING = "ERASE_PENDING";

  public static final Set<String> STATES = Set.of(STORED, DELETED, ANONYMISED, ERASED, ERASE_PENDING);

  public CopyEntry {
    if (!STATES.contains(state)) {
      throw new IllegalArgumentException("unknown copy state '" + state + "'; expected one of " + STATES);
    }
  }
}
