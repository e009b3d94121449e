package io.callvault.policy;

/**
 * The policy's verdict for one purpose of one recording.
 *
 * @param purpose the purpose
 * @param outcome granted, denied, undecided (consent source unavailable) or expired (on arrival)
 * @param reason human-readable, free of personal data, e.g. "consent flag 'training' is DENIED (csv)"
 */
public record PurposeDecision(Purpose purpose, Outcome outcome, String reason) {

  public enum Outcome {
    GRANTED,
    DENIED,
    /** Cannot be decided now (the consent source did not answer); the recording stays in the drop. */
    UNDECIDED,
    /** Expired on arrival: the purpose's retention, counted from the call, had ended when it arrived; not stored. */
    EXPIRED
  }

  public boolean granted() {
    return outcome == Outcome.GRANTED;
  }
}
