package io.callvault.policy;

import io.callvault.consent.ConsentAnswer;
import io.callvault.source.Recording;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides, per configured purpose, whether a recording may be kept for it.
 *
 * <p>Unknown consent is not consent. An unavailable consent source (a null answer) leaves consent
 * purposes undecided; the other purposes are held as well unless {@code proceedWithoutConsent}
 * (config key {@code consent.unavailable.proceed-without-consent}) is true. Reasons name flags,
 * bases and sources only, never the subject.
 */
public final class PurposePolicy {
  private final PolicySet set;
  private final boolean proceedWithoutConsent;

  public PurposePolicy(PolicySet set, boolean proceedWithoutConsent) {
    this.set = Objects.requireNonNull(set, "set");
    this.proceedWithoutConsent = proceedWithoutConsent;
  }

  public PolicySet policySet() {
    return set;
  }

  /**
   * One decision per configured purpose, in configuration order.
   *
   * @param answerOrNull the consent source's answer for the recording's subject; null when the
   *     source was unavailable (or not asked because the recording has no subject)
   */
  public Decision decide(Recording r, ConsentAnswer answerOrNull) {
    Objects.requireNonNull(r, "recording");
    // Without a subject there is nothing to wait for; without consent purposes nothing to gain.
    boolean hold =
        answerOrNull == null && r.subject() != null && set.anyNeedsConsent() && !proceedWithoutConsent;
    List<PurposeDecision> out = new ArrayList<>(set.purposes().size());
    for (Purpose p : set.purposes()) {
      out.add(p.legalBasis() == LegalBasis.CONSENT
          ? consent(p, r, answerOrNull)
          : other(p, hold));
    }
    return new Decision(out);
  }

  private static PurposeDecision consent(Purpose p, Recording r, ConsentAnswer answer) {
    String flag = p.consentFlag();
    if (r.subject() == null) {
      return denied(p, "no external party to ask for consent");
    }
    if (answer == null) {
      return new PurposeDecision(p, PurposeDecision.Outcome.UNDECIDED,
          "consent source unavailable; waiting for an answer");
    }
    String source = answer.source() == null ? "consent source" : answer.source();
    return switch (answer.status(flag)) {
      case GRANTED -> new PurposeDecision(p, PurposeDecision.Outcome.GRANTED,
          "consent '" + flag + "' granted (" + source + ")");
      case DENIED -> denied(p, "consent '" + flag + "' denied (" + source + ")");
      case UNKNOWN -> denied(p,
          "no consent recorded for '" + flag + "' (" + source + "); unknown is not consent");
    };
  }

  private static PurposeDecision other(Purpose p, boolean hold) {
    if (hold) {
      return new PurposeDecision(p, PurposeDecision.Outcome.UNDECIDED,
          "held until the consent source answers (consent.unavailable.proceed-without-consent=false)");
    }
    String basis = p.legalBasis().yamlName();
    return new PurposeDecision(p, PurposeDecision.Outcome.GRANTED,
        basis.replace('-', ' ') + ": retained under " + basis + " for " + p.retention());
  }

  private static PurposeDecision denied(Purpose p, String reason) {
    return new PurposeDecision(p, PurposeDecision.Outcome.DENIED, reason);
  }

  /** When a copy stored at {@code from} expires: calendar arithmetic in UTC (Jan 31 + P1M = Feb 28/29). */
  public static Instant retainUntil(Purpose p, Instant from) {
    return from.atZone(ZoneOffset.UTC).plus(p.retention()).toInstant();
  }

  /**
   * Applies what the subject told the CRM after the consent source was last asked: a withdrawn
   * consent flag denies the purposes that need it, {@code "objection"} denies those kept on
   * legitimate interest (GDPR Art. 21). The consent source may lag behind; these events do not.
   */
  public static Decision honourWithdrawals(Decision decision, java.util.Set<String> withdrawals) {
    if (withdrawals.isEmpty()) {
      return decision;
    }
    List<PurposeDecision> out = new java.util.ArrayList<>();
    for (PurposeDecision d : decision.purposes()) {
      Purpose p = d.purpose();
      if (p.legalBasis() == LegalBasis.CONSENT && withdrawals.contains(p.consentFlag())) {
        out.add(new PurposeDecision(p, PurposeDecision.Outcome.DENIED, "consent '" + p.consentFlag() + "' withdrawn (CRM event)"));
      } else if (p.legalBasis() == LegalBasis.LEGITIMATE_INTEREST && withdrawals.contains("objection")) {
        out.add(new PurposeDecision(p, PurposeDecision.Outcome.DENIED, "the subject objected (Art. 21)"));
      } else {
        out.add(d);
      }
    }
    return new Decision(out);
  }
}
