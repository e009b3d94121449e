package io.callvault.consent;

import java.util.Map;

/**
 * A consent source's answer for one subject: every flag it knows. A flag absent from the map is
 * {@link ConsentStatus#UNKNOWN}.
 *
 * @param flags flag name (as used in policies.yaml {@code consent-flag}) to status
 * @param source short name of the source that answered (csv, http), for the decision reason
 */
public record ConsentAnswer(Map<String, ConsentStatus> flags, String source) {
  public ConsentAnswer {
    flags = Map.copyOf(flags);
  }

  public ConsentStatus status(String flag) {
    return flags.getOrDefault(flag, ConsentStatus.UNKNOWN);
  }
}
