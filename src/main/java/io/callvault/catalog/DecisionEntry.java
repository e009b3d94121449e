package io.callvault.catalog;

import java.time.Instant;
import java.util.Set;

/**
 * The outcome of the policy for one purpose of one recording. Stored once per (recordingId, purpose,
 * outcome): saving the same outcome again updates reason and decidedAt; a different outcome adds a row.
 */
public record DecisionEntry(String recordingId, String purpose, String outcome, String reason, Instant decidedAt) {

  public static final String GRANTED = "GRANTED";
  public static final String DENIED = "DENIED";
  /** Consent could not be determined; not a yes and not a no. */
  public static final String UNDECIDED = "UNDECIDED";
  /** The purpose's retention had ended when the recording arrived: not stored for it. */
  public static final String EXPIRED = "EXPIRED";

  public static final Set<String> OUTCOMES = Set.of(GRANTED, DENIED, UNDECIDED, EXPIRED);

  public DecisionEntry {
    if (!OUTCOMES.contains(outcome)) {
      throw new IllegalArgumentException("unknown decision outcome '" + outcome + "'; expected one of " + OUTCOMES);
    }
  }
}
