package io.callvault.ingest;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.SubjectKeys;
import io.callvault.policy.Decision;
import io.callvault.policy.Purpose;
import io.callvault.policy.PurposeDecision;
import io.callvault.policy.PurposePolicy;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The decide step: the purposes a recording may be kept for (config/policies.yaml), honouring withdrawals
 * and objections the CRM reported since, and which of them still need a copy: a purpose that has a copy row
 * in any state (stored, deleted, erased) is never written again. A purpose whose retention had ended when the
 * recording arrived is expired on arrival ({@link PurposePolicy#decide}): not written; with no purpose left the
 * recording is discarded.
 */
public final class Decide {
  private final PurposePolicy policy;
  private final Catalog catalog;
  private final SubjectKeys keys;

  public Decide(PurposePolicy policy, Catalog catalog, SubjectKeys keys) {
    this.policy = policy;
    this.catalog = catalog;
    this.keys = keys;
  }

  public void decide(Ingest in) {
    String subject = in.recording().subject();
    Set<String> withdrawn = subject == null ? Set.of() : catalog.withdrawals(keys.keyOf(subject));
    Decision decision = PurposePolicy.honourWithdrawals(policy.decide(in.recording(), in.consent()), withdrawn);
    Set<String> haveRow = in.existingCopies().stream().map(CopyEntry::purpose).collect(Collectors.toSet());
    List<Purpose> toWrite = decision.granted().stream().map(PurposeDecision::purpose)
        .filter(p -> !haveRow.contains(p.name())).toList();
    in.decided(decision, toWrite);
    if (decision.pending()) {
      in.outcome("PENDING", "waiting for the consent source; stays in the drop");
    } else if (decision.granted().isEmpty()) {
      in.outcome("DISCARDED", "no purpose granted" + expiredOnArrival(decision) + "; audio discarded");
    } else {
      in.outcome("STORED", "stored for " + decision.granted().stream().map(d -> d.purpose().name())
          .collect(Collectors.joining(", ")) + expiredOnArrival(decision));
    }
  }

  /** "; expired on arrival: training, quality", or nothing when no purpose's retention had ended on arrival. */
  private static String expiredOnArrival(Decision decision) {
    String expired = decision.purposes().stream().filter(d -> d.outcome() == PurposeDecision.Outcome.EXPIRED)
        .map(d -> d.purpose().name()).collect(Collectors.joining(", "));
    return expired.isEmpty() ? "" : "; expired on arrival: " + expired;
  }
}
