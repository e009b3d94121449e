package io.callvault.audit;

/**
 * Outcome of {@link AuditTrail#verify()}: {@code entriesChecked} entries were read; when the chain is broken,
 * {@code brokenAt} is the sequence number of the first broken link and {@code problem} says what is wrong
 * (for example "entry 17: hash does not match its content"). {@code brokenAt} is -1 when intact.
 */
public record VerifyResult(boolean intact, long entriesChecked, long brokenAt, String problem) {

  static VerifyResult ok(long entriesChecked) {
    return new VerifyResult(true, entriesChecked, -1, null);
  }

  static VerifyResult broken(long entriesChecked, long brokenAt, String problem) {
    return new VerifyResult(false, entriesChecked, brokenAt, problem);
  }

  /** One line for people: "audit trail intact: 1000 entries" or the problem. */
  public String describe() {
    return intact ? "audit trail intact: " + entriesChecked + " entries" : "audit trail broken: " + problem;
  }
}
