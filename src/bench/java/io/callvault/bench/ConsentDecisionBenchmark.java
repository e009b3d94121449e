package io.callvault.bench;

import io.callvault.consent.ConsentAnswer;
import io.callvault.consent.ConsentStatus;
import io.callvault.policy.Decision;
import io.callvault.policy.ExpiryAction;
import io.callvault.policy.LegalBasis;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import io.callvault.policy.PurposePolicy;
import io.callvault.source.Recording;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Consent decisions per second: {@link PurposePolicy#decide} over the three purposes of the shipped
 * config/policies.yaml (training by consent, quality by legitimate interest, legal by legal
 * obligation), for an inbound call with a CSV-style consent answer. Four cases rotate: granted,
 * denied, unknown (flag absent) and consent source unavailable (null answer).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ConsentDecisionBenchmark {
  private PurposePolicy policy;
  private Recording recording;
  private ConsentAnswer granted;
  private ConsentAnswer denied;
  private ConsentAnswer unknown;

  @Setup
  public void setUp() {
    List<Path> keys = List.of(Path.of("keys/bench.pub.asc"));
    PolicySet set = new PolicySet(List.of(
        new Purpose("training", LegalBasis.CONSENT, "training", Period.ofMonths(6), "callvault-training",
            "{yyyy}/{MM}/{dd}/{id}.{ext}.gpg", keys, ExpiryAction.DELETE, null, null, List.of("duration")),
        new Purpose("quality", LegalBasis.LEGITIMATE_INTEREST, null, Period.ofMonths(6), "callvault-quality",
            "{yyyy}/{MM}/{dd}/{id}.{ext}.gpg", keys, ExpiryAction.ANONYMISE, null, null,
            List.of("direction", "call-type", "duration", "disposition", "agent")),
        new Purpose("legal", LegalBasis.LEGAL_OBLIGATION, null, Period.ofYears(5), "callvault-legal",
            "{yyyy}/{MM}/{dd}/{id}.{ext}.gpg", keys, ExpiryAction.DELETE, null, null,
            List.of("direction", "call-start", "duration", "disposition", "source"))));
    // decided the day after the call, as a live PBX drop is (nothing expired on arrival)
    policy = new PurposePolicy(set, false, java.time.Clock.fixed(Instant.parse("2024-03-16T00:00:00Z"), java.time.ZoneOffset.UTC));
    recording = new Recording("rec_3f9a1c0d2b7e4a58", "pbx1", "1710512553.42", "in",
        Recording.Direction.INBOUND, Instant.parse("2024-03-15T14:22:33Z"), "+441632960123", "201",
        "+441632960123", 125, 118, "ANSWERED", Recording.AudioFormat.WAV_PCM, "wav");
    granted = new ConsentAnswer(Map.of("training", ConsentStatus.GRANTED, "marketing", ConsentStatus.DENIED), "csv");
    denied = new ConsentAnswer(Map.of("training", ConsentStatus.DENIED, "marketing", ConsentStatus.GRANTED), "csv");
    unknown = new ConsentAnswer(Map.of("marketing", ConsentStatus.GRANTED), "csv");
  }

  @Benchmark
  public Decision granted() {
    return policy.decide(recording, granted);
  }

  @Benchmark
  public Decision denied() {
    return policy.decide(recording, denied);
  }

  @Benchmark
  public Decision unknownFlag() {
    return policy.decide(recording, unknown);
  }

  @Benchmark
  public Decision sourceUnavailable() {
    return policy.decide(recording, null);
  }
}
