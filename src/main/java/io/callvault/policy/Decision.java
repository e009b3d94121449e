package io.callvault.policy;

import java.util.List;

/** The policy's verdict for one recording: one {@link PurposeDecision} per configured purpose. */
public record Decision(List<PurposeDecision> purposes) {
  public Decision {
    purposes = List.copyOf(purposes);
  }

  public List<PurposeDecision> granted() {
    return purposes.stream().filter(PurposeDecision::granted).toList();
  }

  /** True when some purpose is still undecided: the recording must stay in the drop. */
  public boolean pending() {
    return purposes.stream().anyMatch(p -> p.outcome() == PurposeDecision.Outcome.UNDECIDED);
  }

  /** True when every purpose was decided and none granted: the recording is discarded. */
  public boolean discard() {
    return !pending() && granted().isEmpty();
  }
}
