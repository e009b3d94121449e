package io.callvault.policy;

import java.util.List;
import java.util.Optional;

/** The purposes configured in {@code policies.yaml}, in file order. Load with {@link Policies}. */
public record PolicySet(List<Purpose> purposes) {
  public PolicySet {
    purposes = List.copyOf(purposes);
  }

  public Optional<Purpose> byName(String name) {
    return purposes.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** True when at least one purpose rests on consent, i.e. the consent source matters. */
  public boolean anyNeedsConsent() {
    return purposes.stream().anyMatch(p -> p.legalBasis() == LegalBasis.CONSENT);
  }
}
