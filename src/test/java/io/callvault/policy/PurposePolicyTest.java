package io.callvault.policy;

import static io.callvault.policy.Fixtures.ALL;
import static io.callvault.policy.Fixtures.LEGAL;
import static io.callvault.policy.Fixtures.QUALITY;
import static io.callvault.policy.Fixtures.TRAINING;
import static io.callvault.policy.PurposeDecision.Outcome.DENIED;
import static io.callvault.policy.PurposeDecision.Outcome.EXPIRED;
import static io.callvault.policy.PurposeDecision.Outcome.GRANTED;
import static io.callvault.policy.PurposeDecision.Outcome.UNDECIDED;
import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.consent.ConsentAnswer;
import io.callvault.consent.ConsentStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Period;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PurposePolicyTest {

  /** The day after the fixtures' calls: every purpose is still within its retention. */
  private static final Clock DAY_AFTER = Clock.fixed(Instant.parse("2024-03-16T12:00:00Z"), ZoneOffset.UTC);
  private final PurposePolicy strict = new PurposePolicy(ALL, false, DAY_AFTER);
  private final PurposePolicy lenient = new PurposePolicy(ALL, true, DAY_AFTER);

  private static PurposeDecision of(Decision d, Purpose p) {
    return d.purposes().stream().filter(x -> x.purpose().equals(p)).findFirst().orElseThrow();
  }

  private static ConsentAnswer csv(Map<String, ConsentStatus> flags) {
    return new ConsentAnswer(flags, "csv");
  }

  @Test
  void callerWhoGrantedTrainingConsentGetsATrainingCopy() {
    Decision d = strict.decide(Fixtures.inbound(), csv(Map.of("training", ConsentStatus.GRANTED)));
    assertThat(of(d, TRAINING).outcome()).isEqualTo(GRANTED);
    assertThat(of(d, TRAINING).reason()).isEqualTo("consent 'training' granted (csv)");
    assertThat(d.granted()).extracting(PurposeDecision::purpose).containsExactly(TRAINING, QUALITY, LEGAL);
    assertThat(d.pending()).isFalse();
  }

  @Test
  void callerWhoDeniedTrainingConsentGetsNoTrainingCopy() {
    Decision d = strict.decide(Fixtures.inbound(), csv(Map.of("training", ConsentStatus.DENIED)));
    assertThat(of(d, TRAINING).outcome()).isEqualTo(DENIED);
    assertThat(of(d, TRAINING).reason()).isEqualTo("consent 'training' denied (csv)");
    assertThat(d.granted()).extracting(PurposeDecision::purpose).containsExactly(QUALITY, LEGAL);
  }

  @Test
  void callerWithoutConsentGetsNoTrainingCopyBecauseUnknownIsNotConsent() {
    Decision d = strict.decide(Fixtures.inbound(), csv(Map.of("marketing", ConsentStatus.GRANTED)));
    assertThat(of(d, TRAINING).outcome()).isEqualTo(DENIED);
    assertThat(of(d, TRAINING).reason())
        .isEqualTo("no consent recorded for 'training' (csv); unknown is not consent");
  }

  @Test
  void unavailableConsentSourceLeavesConsentPurposeUndecidedAndHoldsTheRest() {
    Decision d = strict.decide(Fixtures.inbound(), null);
    assertThat(of(d, TRAINING).outcome()).isEqualTo(UNDECIDED);
    assertThat(of(d, TRAINING).reason()).isEqualTo("consent source unavailable; waiting for an answer");
    assertThat(of(d, LEGAL).outcome()).isEqualTo(UNDECIDED);
    assertThat(of(d, LEGAL).reason()).isEqualTo(
        "held until the consent source answers (consent.unavailable.proceed-without-consent=false)");
    assertThat(d.granted()).isEmpty();
    assertThat(d.pending()).isTrue();
    assertThat(d.discard()).isFalse();
  }

  @Test
  void proceedWithoutConsentGrantsNonConsentPurposesWhileConsentStaysUndecided() {
    Decision d = lenient.decide(Fixtures.inbound(), null);
    assertThat(of(d, TRAINING).outcome()).isEqualTo(UNDECIDED);
    assertThat(of(d, QUALITY).outcome()).isEqualTo(GRANTED);
    assertThat(of(d, QUALITY).reason())
        .isEqualTo("legitimate interest: retained under legitimate-interest for P6M");
    assertThat(of(d, LEGAL).outcome()).isEqualTo(GRANTED);
    assertThat(of(d, LEGAL).reason())
        .isEqualTo("legal obligation: retained under legal-obligation for P5Y");
  }

  @Test
  void internalCallHasNobodyToAskSoConsentPurposeIsDeniedAndNothingIsHeld() {
    Decision d = strict.decide(Fixtures.internal(), null);
    assertThat(of(d, TRAINING).outcome()).isEqualTo(DENIED);
    assertThat(of(d, TRAINING).reason()).isEqualTo("no external party to ask for consent");
    assertThat(of(d, LEGAL).outcome()).isEqualTo(GRANTED);
    assertThat(d.pending()).isFalse();
  }

  @Test
  void unavailableConsentSourceHoldsNothingWhenNoPurposeNeedsConsent() {
    PurposePolicy policy = new PurposePolicy(new PolicySet(List.of(LEGAL)), false, DAY_AFTER);
    Decision d = policy.decide(Fixtures.inbound(), null);
    assertThat(of(d, LEGAL).outcome()).isEqualTo(GRANTED);
  }

  @Test
  void recordingWhoseOnlyPurposeIsDeniedIsDiscarded() {
    PurposePolicy policy = new PurposePolicy(new PolicySet(List.of(TRAINING)), false, DAY_AFTER);
    Decision d = policy.decide(Fixtures.inbound(), csv(Map.of()));
    assertThat(d.discard()).isTrue();
  }

  @Test
  void reasonsNeverContainTheSubject() {
    for (PurposePolicy policy : List.of(strict, lenient)) {
      for (ConsentAnswer answer : new ConsentAnswer[] {null, csv(Map.of()),
          csv(Map.of("training", ConsentStatus.GRANTED)), csv(Map.of("training", ConsentStatus.DENIED))}) {
        assertThat(policy.decide(Fixtures.inbound(), answer).purposes())
            .extracting(PurposeDecision::reason)
            .noneMatch(reason -> reason.contains(Fixtures.CALLER) || reason.contains("612345678"));
      }
    }
  }

  @Test
  void retentionIsCalendarMonthsInUtc() {
    Purpose oneMonth = new Purpose("m", LegalBasis.CONTRACT, null, Period.ofMonths(1), "b-b-b",
        "{id}", List.of(), ExpiryAction.DELETE);
    assertThat(PurposePolicy.retainUntil(oneMonth, Instant.parse("2024-01-31T10:15:00Z")))
        .isEqualTo(Instant.parse("2024-02-29T10:15:00Z"));
    assertThat(PurposePolicy.retainUntil(oneMonth, Instant.parse("2023-01-31T10:15:00Z")))
        .isEqualTo(Instant.parse("2023-02-28T10:15:00Z"));
    assertThat(PurposePolicy.retainUntil(TRAINING, Instant.parse("2024-08-31T00:00:00Z")))
        .isEqualTo(Instant.parse("2025-02-28T00:00:00Z"));
    assertThat(PurposePolicy.retainUntil(LEGAL, Instant.parse("2024-02-29T12:00:00Z")))
        .isEqualTo(Instant.parse("2029-02-28T12:00:00Z"));
  }

  // the fixtures' inbound call started 2024-03-15T23:30Z: six-month purposes end 2024-09-15T23:30Z, legal 2029
  private static PurposePolicy arrivingAt(String instant, boolean proceedWithoutConsent) {
    return new PurposePolicy(ALL, proceedWithoutConsent, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  @Test
  void purposeWhoseRetentionEndedBeforeTheRecordingArrivedIsExpiredOnArrivalWhileTheOthersProceed() {
    Decision d = arrivingAt("2024-10-01T00:00:00Z", false)
        .decide(Fixtures.inbound(), csv(Map.of("training", ConsentStatus.GRANTED)));
    assertThat(of(d, TRAINING).outcome()).isEqualTo(EXPIRED);
    assertThat(of(d, QUALITY).outcome()).isEqualTo(EXPIRED);
    assertThat(of(d, QUALITY).reason())
        .isEqualTo("expired on arrival: retention P6M from the call ended 2024-09-15; not stored");
    assertThat(d.granted()).extracting(PurposeDecision::purpose).containsExactly(LEGAL);
    assertThat(d.discard()).isFalse();
  }

  @Test
  void retentionEndingExactlyAtArrivalCountsAsExpiredAndOneSecondBeforeDoesNot() {
    assertThat(of(arrivingAt("2024-09-15T23:30:00Z", true).decide(Fixtures.inbound(), null), QUALITY).outcome())
        .isEqualTo(EXPIRED);
    assertThat(of(arrivingAt("2024-09-15T23:29:59Z", true).decide(Fixtures.inbound(), null), QUALITY).outcome())
        .isEqualTo(GRANTED);
  }

  @Test
  void recordingWithEveryPurposeExpiredOnArrivalIsDiscardedWithoutWaitingForTheConsentSource() {
    Decision d = arrivingAt("2030-01-01T00:00:00Z", false).decide(Fixtures.inbound(), null);
    assertThat(d.purposes()).extracting(PurposeDecision::outcome).containsOnly(EXPIRED);
    assertThat(d.pending()).isFalse();
    assertThat(d.discard()).isTrue();
  }

  @Test
  void anExpiredConsentPurposeDoesNotHoldTheOthersWhileTheConsentSourceIsDown() {
    Decision d = arrivingAt("2024-10-01T00:00:00Z", false).decide(Fixtures.inbound(), null);
    assertThat(of(d, TRAINING).outcome()).isEqualTo(EXPIRED);
    assertThat(of(d, LEGAL).outcome()).isEqualTo(GRANTED);
    assertThat(d.pending()).isFalse();
  }

  @Test
  void aWithdrawalAfterwardsLeavesAnExpiryOnArrivalAsItIs() {
    Decision d = arrivingAt("2024-10-01T00:00:00Z", false)
        .decide(Fixtures.inbound(), csv(Map.of("training", ConsentStatus.GRANTED)));
    assertThat(of(PurposePolicy.honourWithdrawals(d, java.util.Set.of("training", "objection")), TRAINING).outcome())
        .isEqualTo(EXPIRED);
  }
}
