package io.callvault.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * Compares a trail, one entry at a time while it streams past, with the signed anchors found outside the
 * database, then concludes: an entry whose hash differs from its anchor was rewritten (and the chain
 * re-hashed) after the anchor was signed; an anchor beyond the trail's last entry means entries were cut or
 * the trail deleted; an anchor that does not verify is reported, never trusted.
 */
final class AnchorCheck {

  static final String NO_ANCHORS = "no anchors found: a database writer could rewrite the trail undetected";

  private final AnchorSet anchors;
  private Anchor lastMatched;
  private Anchor contradicted;
  private String problem;
  private long brokenAt = -1;

  AnchorCheck(AnchorSet anchors) {
    this.anchors = anchors;
  }

  /** Checks one entry (whose own chain links were already checked); false when an anchor contradicts it. */
  boolean agrees(AuditEntry e) {
    for (Anchor a : anchors.at(e.seq())) {
      if (!a.hash().equals(e.hash())) {
        long from = lastMatched == null ? 1 : lastMatched.seq() + 1;
        contradicted = a;
        brokenAt = from;
        problem = "entry " + e.seq() + " does not match anchor " + a.describe() + ": "
            + (from == e.seq() ? "entry " + from : "an entry from " + from + " to " + e.seq())
            + " was rewritten and the chain re-hashed after the anchor was signed"
            + (lastMatched == null ? "" : " (anchor " + lastMatched.describe() + " still matches)");
        return false;
      }
    }
    if (!anchors.at(e.seq()).isEmpty()) {
      lastMatched = anchors.at(e.seq()).get(anchors.at(e.seq()).size() - 1);
    }
    return true;
  }

  /** Adds what the anchors say to the chain's own result (the chain's own breaks come first). */
  VerifyResult conclude(VerifyResult chain) {
    if (problem == null && !chain.intact()) {
      return new VerifyResult(false, chain.entriesChecked(), chain.brokenAt(), chain.problem(), anchors.size(),
          VerifyResult.AnchorRef.of(anchors.latest()), null, anchors.rejected(), notes(chain));
    }
    if (problem == null) {
      cutAfter(chain.entriesChecked());
    }
    if (problem == null && !anchors.rejected().isEmpty()) {
      problem = anchors.rejected().size() == 1
          ? "anchor " + anchors.rejected().get(0) + "; it is not trusted: find out who wrote it"
          : anchors.rejected().size() + " anchors are not trusted (listed below): find out who wrote them";
    }
    return new VerifyResult(problem == null, chain.entriesChecked(), brokenAt, problem, anchors.size(),
        VerifyResult.AnchorRef.of(anchors.latest()), VerifyResult.AnchorRef.of(contradicted), anchors.rejected(),
        notes(chain));
  }

  /** An anchor beyond the last entry: entries were cut (and the head moved), or the trail emptied. */
  private void cutAfter(long last) {
    Anchor latest = anchors.latest();
    if (problem != null || latest == null || latest.seq() <= last) {
      return;
    }
    contradicted = latest;
    brokenAt = last + 1;
    problem = (last == 0 ? "the trail is empty" : "the trail ends at entry " + last) + ", but anchor "
        + latest.describe() + " was signed when it had " + latest.seq() + " entries: "
        + (last == 0 ? "the whole trail was deleted" : last + 1 == latest.seq() ? "entry " + latest.seq() + " was cut"
            : "entries " + (last + 1) + " to " + latest.seq() + " were cut")
        + " and the head moved";
  }

  private List<String> notes(VerifyResult chain) {
    List<String> notes = new ArrayList<>();
    Anchor latest = anchors.latest();
    if (latest == null) {
      notes.add(NO_ANCHORS + (anchors.places().isEmpty() ? "" : " (searched " + String.join(", ", anchors.places())
          + ")"));
    } else if (problem == null && chain.intact() && latest.seq() < chain.entriesChecked()) {
      notes.add("entries " + (latest.seq() + 1) + " to " + chain.entriesChecked() + " came after the latest anchor:"
          + " cutting them would go unnoticed until the next anchor covers them");
    }
    return notes;
  }
}
