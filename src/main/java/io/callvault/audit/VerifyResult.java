package io.callvault.audit;

import java.util.List;

/**
 * Outcome of {@link AuditTrail#verify()}: {@code entriesChecked} entries were read; when the trail is broken,
 * {@code brokenAt} is the sequence number of the first entry that can no longer be trusted (-1 when the
 * problem is an untrusted anchor, not an entry) and {@code problem} says what is wrong (for example "entry 17:
 * hash does not match its content"). {@code brokenAt} is -1 when intact.
 *
 * <p>Anchors: {@code anchorsChecked} signed anchors from outside the database were compared with the trail;
 * {@code latestAnchor} is the one of the highest entry; {@code contradictedAnchor} is the anchor that the trail
 * contradicts (a rewrite or a cut), when that is the problem; {@code untrustedAnchors} lists anchors that could
 * not be trusted ("where: why"); {@code notes} say what the check cannot prove (no anchors, an unanchored tail).
 */
public record VerifyResult(boolean intact, long entriesChecked, long brokenAt, String problem, int anchorsChecked,
    AnchorRef latestAnchor, AnchorRef contradictedAnchor, List<String> untrustedAnchors, List<String> notes) {

  /** An anchor as a verification names it: where it was read, its entry, when and by which hub it was signed. */
  public record AnchorRef(String location, long seq, String at, String hub, String why) {

    static AnchorRef of(Anchor a) {
      return a == null ? null : new AnchorRef(a.source(), a.seq(), a.at().toString(), a.hub(), a.why());
    }
  }

  public VerifyResult {
    untrustedAnchors = untrustedAnchors == null ? List.of() : List.copyOf(untrustedAnchors);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  static VerifyResult ok(long entriesChecked) {
    return new VerifyResult(true, entriesChecked, -1, null, 0, null, null, List.of(), List.of());
  }

  static VerifyResult broken(long entriesChecked, long brokenAt, String problem) {
    return new VerifyResult(false, entriesChecked, brokenAt, problem, 0, null, null, List.of(), List.of());
  }

  /** For people: "audit trail intact: 1000 entries, ..." or "audit trail broken: ...", then the notes, one a line. */
  public String describe() {
    StringBuilder s = new StringBuilder(intact ? "audit trail intact: " + entriesChecked + " entries" : "audit trail broken: " + problem);
    if (intact) {
      s.append(anchorsChecked == 0 ? " (hash chain only)" : ", consistent with " + anchorsChecked + " signed anchor"
          + (anchorsChecked == 1 ? "" : "s") + (latestAnchor == null ? "" : "; the latest covers entry "
          + latestAnchor.seq() + " (" + latestAnchor.location() + ", " + latestAnchor.at() + ")"));
    }
    for (String u : untrustedAnchors) {
      s.append("\nuntrusted anchor: ").append(u);
    }
    for (String n : notes) {
      s.append('\n').append(n);
    }
    return s.toString();
  }
}
