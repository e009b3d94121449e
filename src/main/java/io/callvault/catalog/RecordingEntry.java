package io.callvault.catalog;

import java.time.Instant;
import java.util.Set;

/**
 * One recording as the catalog knows it. The subject is only referenced by {@code subjectKey} (see
 * {@link SubjectKeys}); no phone number or name is ever stored. Only {@code state} is checked here; the
 * database enforces the required columns (id, sourceId, state).
 */
public record RecordingEntry(
    String id,
    String sourceId,
    String uniqueId,
    String callType,
    String direction,
    Instant start,
    Integer durationSeconds,
    Integer billsec,
    String disposition,
    String subjectKey,
    String format,
    String state,
    String stateReason,
    Instant updatedAt) {

  /** Claimed and identified, not decided yet. */
  public static final String RECEIVED = "RECEIVED";
  /** Waiting for a consent answer. */
  public static final String PENDING = "PENDING";
  /** Every copy stored and cataloged. */
  public static final String STORED = "STORED";
  /** No purpose applied; audio removed, decisions kept. */
  public static final String DISCARDED = "DISCARDED";

  public static final Set<String> STATES = Set.of(RECEIVED, PENDING, STORED, DISCARDED);

  public RecordingEntry {
    if (!STATES.contains(state)) {
      throw new IllegalArgumentException("unknown recording state '" + state + "'; expected one of " + STATES);
    }
  }

  /** This entry in another state. */
  public RecordingEntry withState(String newState, String reason, Instant at) {
    return new RecordingEntry(id, sourceId, uniqueId, callType, direction, start, durationSeconds, billsec,
        disposition, subjectKey, format, newState, reason, at);
  }
}
