package io.callvault.policy;

import io.callvault.consent.ConsentAnswer;
import io.callvault.source.Recording;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
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
 *
 * <p>Nothing is stored that is already past its retention: a purpose whose retention, counted from the call,
 * has ended when the recording arrives (an old export, a PBX backlog) is {@code EXPIRED} on arrival, whatever
 * the consent; the other purposes are decided as usual, and such a purpose never waits for the consent source.
 */
public final class PurposePolicy {
  private final PolicySet set;
  private final boolean proceedWithoutConsent;
  private final Clock clock;

  /** @param clock when a recording arrives: a purpose whose retention ended before is expired on arrival */
  public PurposePolicy(PolicySet set, boolean proceedWithoutConsent, Clock clock) {
    this.set = Objects.requireNonNull(set, "set");
    this.proceedWithoutConsent = proceedWithoutConsent;
    this.clock = Objects.requireNonNull(clock, "clock");
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
    Instant now = clock.instant();
    List<Purpose> live = set.purposes().stream().filter(p -> !expiredOnArrival(p, r.start(), now)).toList();
    // Without a subject there is nothing to wait for; without (live) consent purposes nothing to gain.
    boolean hold = answerOrNull == null && r.subject() != null && !proceedWithoutConsent
        && live.stream().anyMatch(p -> p.legalBasis() == LegalBasis.CONSENT);
    List<PurposeDecision> out = new ArrayList<>(set.purposes().size());
    for (Purpose p : set.purposes()) {
      if (!live.contains(p)) {
        out.add(expired(p, r.start()));
      } else {
        out.add(p.legalBasis() == LegalBasis.CONSENT ? consent(p, r, answerOrNull) : other(p, hold));
      }
    }
    return new Decision(out);
  }

  /** True when a copy of a call that started at {@code callStart} would already be past its retention at {@code now}. */
  public static boolean expiredOnArrival(Purpose p, Instant callStart, Instant now) {
    return !retainUntil(p, callStart).isAfter(now);
  }

  private static PurposeDecision expired(Purpose p, Instant callStart) {
    return new PurposeDecision(p, PurposeDecision.Outcome.EXPIRED, "expired on arrival: retention " + p.retention()
        + " from the call ended " + LocalDate.ofInstant(retainUntil(p, callStart), ZoneOffset.UTC) + "; not stored");
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
      if (d.outcome() == PurposeDecision.Outcome.EXPIRED) {
        out.add(d);
      } else if (p.legalBasis() == LegalBasis.CONSENT && withdrawals.contains(p.consentFlag())) {
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
