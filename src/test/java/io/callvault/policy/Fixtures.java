package io.callvault.policy;

import io.callvault.source.Recording;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Period;
import java.util.List;

/** Purposes and recordings shared by the policy tests. */
final class Fixtures {
  private Fixtures() {}

  static final Purpose TRAINING = new Purpose("training", LegalBasis.CONSENT, "training",
      Period.ofMonths(6), "callvault-training", "{yyyy}/{MM}/{dd}/{id}.{ext}.gpg",
      List.of(Path.of("keys/training.pub.asc")), ExpiryAction.DELETE);
  static final Purpose QUALITY = new Purpose("quality", LegalBasis.LEGITIMATE_INTEREST, null,
      Period.ofMonths(6), "callvault-quality", "{yyyy}/{MM}/{dd}/{id}.{ext}.gpg",
      List.of(Path.of("keys/quality.pub.asc")), ExpiryAction.ANONYMISE);
  static final Purpose LEGAL = new Purpose("legal", LegalBasis.LEGAL_OBLIGATION, null,
      Period.ofYears(5), "callvault-legal", "{yyyy}/{MM}/{dd}/{id}.{ext}.gpg",
      List.of(Path.of("keys/legal.pub.asc")), ExpiryAction.DELETE);

  static final PolicySet ALL = new PolicySet(List.of(TRAINING, QUALITY, LEGAL));

  static final String CALLER = "+33612345678";

  /** An inbound call from an external number, started 2024-03-15T23:30:00Z. */
  static Recording inbound() {
    return new Recording("rec-7f3a9c", "pbx-paris", "1710545400.42", "in",
        Recording.Direction.INBOUND, Instant.parse("2024-03-15T23:30:00Z"), CALLER, "2001",
        CALLER, 125, 120, "ANSWERED", Recording.AudioFormat.WAV_GSM, "WAV");
  }

  /** An extension-to-extension call: nobody outside the company to ask. */
  static Recording internal() {
    return new Recording("rec-11aa02", "pbx-paris", "1710545400.43", "internal",
        Recording.Direction.INTERNAL, Instant.parse("2024-03-15T10:00:00Z"), "2001", "2002",
        null, 60, 58, "ANSWERED", Recording.AudioFormat.WAV_PCM, "wav");
  }
}
