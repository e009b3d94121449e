package io.callvault.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.consent.ConsentAnswer;
import io.callvault.consent.ConsentUnavailableException;
import io.callvault.policy.Decision;
import io.callvault.policy.ExpiryAction;
import io.callvault.policy.LegalBasis;
import io.callvault.policy.Purpose;
import io.callvault.policy.PurposeDecision;
import io.callvault.source.FreePbxFormat;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.Recording;
import io.callvault.store.FileDigest;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The shape of routes/ingest.camel.yaml and routes/ingest-errors.camel.yaml as Camel loads them: which steps run
 * in which order, which branch a file takes, and which error kind decides its outcome. The steps are stand-ins
 * that record their calls (their own behaviour has unit and integration tests of its own); the S3 upload is a
 * mock endpoint.
 */
class IngestRouteTest extends CamelTestSupport {
  private static final Purpose LEGAL = new Purpose("legal", LegalBasis.LEGAL_OBLIGATION, null, Period.ofYears(5),
      "callvault-legal", "{id}.gpg", List.of(Path.of("k")), ExpiryAction.DELETE);
  private static final Purpose QUALITY = new Purpose("quality", LegalBasis.LEGITIMATE_INTEREST, null, Period.ofMonths(6),
      "callvault-quality", "{id}.gpg", List.of(Path.of("k")), ExpiryAction.DELETE);

  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final Steps steps = new Steps();
  private final Failures failures = new Failures();

  /** Stand-ins for the step beans, under the names the routes use. */
  public final class Steps {
    Exception identifyFails;
    Exception decideFails;
    boolean consentDown;
    boolean pending;
    String kind = "RECORDING";
    String awaiting;
    Exception orphan;

    public Ingest claim(Exchange ex) {
      calls.add("claim");
      String path = kind.equals("CDR") ? "Master.csv" : "2024/03/15/in-201-07700900123-20240315-103000-1.1.wav"
          + (kind.equals("SIDECAR") ? ".json" : "");
      Ingest in = new Ingest(new DropFile("pbx", path, ZoneOffset.UTC, "f_ref"), new FreePbxFormat(new PhoneNumbers("GB")),
          "drop", 10, 0, () -> { throw new AssertionError("stand-ins never read the file"); });
      ex.setProperty("callvault.ingest", in);
      return in;
    }

    public void load(Ingest in) {
      calls.add("load " + in.getKind());
    }

    /** pairing.check: a recording whose metadata has not come waits; an orphan is a bad file. */
    public void check(Ingest in) throws Exception {
      if (orphan != null) {
        throw orphan;
      }
      if (awaiting != null) {
        calls.add("waits for its metadata");
      }
    }

    /** pairing.sidecarSeen. */
    public void sidecarSeen(Ingest in) {
      calls.add("sidecar seen");
    }

    public void identify(Ingest in) throws Exception {
      calls.add("identify");
      if (identifyFails != null) {
        throw identifyFails;
      }
      if (awaiting != null) {
        in.awaiting(awaiting);
        return;
      }
      in.identified(new Recording("rec_1", "pbx", "1.1", "in", Recording.Direction.INBOUND, Instant.EPOCH, "+447700900123",
          "201", "+447700900123", 10, 9, "ANSWERED", Recording.AudioFormat.WAV_PCM, "wav"), null, List.of());
    }

    /** employeesStep.find: the employees of the recording's agents. */
    public void find(Ingest in) {
      calls.add("employees");
    }

    public void lookup(Ingest in) throws ConsentUnavailableException {
      calls.add("consent");
      if (consentDown) {
        throw new ConsentUnavailableException("CRM down");
      }
      in.consent(new ConsentAnswer(Map.of(), "test"));
    }

    public void unavailable(Ingest in) {
      calls.add("consent unavailable");
      in.consent(null);
    }

    public void decide(Ingest in) throws Exception {
      calls.add("decide");
      if (decideFails != null) {
        throw decideFails;
      }
      PurposeDecision.Outcome outcome = pending ? PurposeDecision.Outcome.UNDECIDED : PurposeDecision.Outcome.GRANTED;
      in.decided(new Decision(List.of(new PurposeDecision(LEGAL, outcome, "test"), new PurposeDecision(QUALITY, outcome, "t"))),
          pending ? List.of() : List.of(LEGAL, QUALITY));
    }

    public void write(Ingest in) {
      calls.add("minimise+encrypt");
    }

    public void prepare(Ingest in) {
      calls.add("prepare");
      for (Purpose p : in.getToWrite()) {
        in.addPending(new PendingCopy(in, p, p.bucket(), p.name() + ".gpg", Path.of("/nonexistent/" + p.name()),
            FileDigest.of(new byte[] {1, 2, 3}), Map.of("purpose", p.name()), null, Instant.EPOCH));
      }
    }

    public void verify(PendingCopy copy) {
      calls.add("verify " + copy.purpose().name());
    }

    public void commit(Ingest in) {
      calls.add("commit");
    }

    public void goneBefore(Ingest in) {
      calls.add("gone before");
    }

    public void putLocked(PendingCopy copy) {
      calls.add("put locked " + copy.purpose().name());
    }
  }

  /** Stand-in for the error kinds' bean. */
  public final class Failures {
    boolean failedIsExhausted;

    public void badFile(Exchange ex) {
      calls.add("bad file");
      ex.setProperty("callvault.reason", ex.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage());
    }

    public void unavailable(Exchange ex) {
      calls.add("dependency down");
    }

    public boolean failed(Exchange ex) {
      calls.add("attempt counted");
      return failedIsExhausted;
    }

    public void quarantine(Exchange ex) {
      calls.add("quarantine: " + ex.getProperty("callvault.reason"));
    }
  }

  @Override
  public boolean isUseAdviceWith() {
    return true;
  }

  @Override
  protected void bindToRegistry(Registry registry) {
    for (String name : List.of("claimedFiles", "cdrCache", "sidecarCache", "identify", "pairing", "employeesStep", "consentStep",
        "decide", "minimiseAndEncrypt", "store", "catalogStep")) {
      registry.bind(name, steps);
    }
    registry.bind("ingestFailures", failures);
    registry.bind("s3Client-default", software.amazon.awssdk.services.s3.S3Client.builder()
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider.create()).build());
  }

  private MockEndpoint start() throws Exception {
    return start(new java.util.Properties());
  }

  private MockEndpoint start(java.util.Properties properties) throws Exception {
    context.getPropertiesComponent().setInitialProperties(properties);
    for (String f : List.of("ingest-errors", "ingest")) {
      PluginHelper.getRoutesLoader(context).loadRoutes(
          ResourceHelper.resolveResource(context, "file:" + Path.of("routes", f + ".camel.yaml").toAbsolutePath()));
    }
    AdviceWith.adviceWith(context, "store-copy", a -> a.weaveByToUri("aws2-s3:*").replace().to("mock:s3"));
    context.start();
    return getMockEndpoint("mock:s3");
  }

  private String ingest() {
    Exchange done = template.send("direct:ingest", e -> { });
    return done.getProperty("callvault.disposition", String.class);
  }

  @Test
  void aRecordingGoesThroughEveryStepInOrderAndLeavesTheDrop() throws Exception {
    MockEndpoint s3 = start();
    s3.expectedMessageCount(2);
    s3.expectedHeaderValuesReceivedInAnyOrder("CamelAwsS3Key", "legal.gpg", "quality.gpg");
    s3.expectedHeaderValuesReceivedInAnyOrder("CamelAwsS3OverrideBucketName", "callvault-legal", "callvault-quality");

    assertThat(ingest()).isEqualTo("DONE");
    assertThat(calls).containsExactly("claim", "identify", "employees", "consent", "decide", "minimise+encrypt", "prepare",
        "verify legal", "verify quality", "commit");
    s3.assertIsSatisfied();
    assertThat(s3.getReceivedExchanges().get(0).getIn().getBody()).as("the upload's body is the ciphertext file")
        .isInstanceOf(java.io.File.class);
  }

  @Test
  void aCdrIsLoadedAndStaysInTheDrop() throws Exception {
    start();
    steps.kind = "CDR";
    assertThat(ingest()).isEqualTo("KEEP");
    assertThat(calls).containsExactly("claim", "load CDR");
  }

  @Test
  void aRecordingWaitingForItsMetadataStaysInTheDropWithoutCountingAnAttempt() throws Exception {
    start();
    steps.awaiting = "its .xml sidecar has not arrived";
    assertThat(ingest()).isEqualTo("KEEP");
    assertThat(calls).containsExactly("claim", "identify", "waits for its metadata");
  }

  @Test
  void anOrphanRecordingIsQuarantinedWithItsReason() throws Exception {
    start();
    steps.orphan = new BadFileException("orphan recording: its .xml sidecar has not arrived within PT10M");
    assertThat(ingest()).isEqualTo("QUARANTINE");
    assertThat(calls).containsExactly("claim", "identify", "bad file",
        "quarantine: orphan recording: its .xml sidecar has not arrived within PT10M");
  }

  @Test
  void aSidecarIsReadRecordedForPairingAndStaysInTheDrop() throws Exception {
    start();
    steps.kind = "SIDECAR";
    assertThat(ingest()).isEqualTo("KEEP");
    assertThat(calls).containsExactly("claim", "load SIDECAR", "sidecar seen");
  }

  @Test
  void aBadFileIsQuarantinedAtOnceWithItsReasonWithoutCountingAttempts() throws Exception {
    start();
    steps.identifyFails = new BadFileException("cannot identify: no uniqueid");
    assertThat(ingest()).isEqualTo("QUARANTINE");
    assertThat(calls).containsExactly("claim", "identify", "bad file", "quarantine: cannot identify: no uniqueid");
  }

  @Test
  void anS3FailureKeepsTheFileAndNeverCountsAsAnAttempt() throws Exception {
    MockEndpoint s3 = start();
    s3.whenAnyExchangeReceived(e -> {
      throw SdkClientException.create("Connection refused");
    });
    assertThat(ingest()).isEqualTo("KEEP");
    assertThat(calls).contains("dependency down").doesNotContain("attempt counted", "commit", "verify legal");
  }

  @Test
  void anUnexpectedFailureCountsAnAttemptAndQuarantinesOnceAttemptsAreExhausted() throws Exception {
    start();
    steps.decideFails = new IllegalStateException("surprise");
    assertThat(ingest()).isEqualTo("KEEP");
    assertThat(calls).endsWith("decide", "attempt counted");

    calls.clear();
    failures.failedIsExhausted = true;
    assertThat(ingest()).isEqualTo("QUARANTINE");
    assertThat(calls).endsWith("attempt counted", "quarantine: null");
  }

  @Test
  void anUnansweredConsentQuestionIsAskedAgainThenTheRecordingWaits() throws Exception {
    start();
    steps.consentDown = true;
    steps.pending = true;
    assertThat(ingest()).isEqualTo("KEEP");
    assertThat(calls).containsExactly("claim", "identify", "employees", "consent", "consent", "consent", "consent unavailable",
        "decide", "commit");
  }

  @Test
  void onceTheConsentCircuitIsOpenFilesStopWaitingForTheConsentSource() throws Exception {
    start();
    steps.consentDown = true;
    steps.pending = true;
    for (int i = 0; i < 3; i++) {
      ingest();
    }
    calls.clear();
    assertThat(ingest()).isEqualTo("KEEP");
    assertThat(calls).as("the open circuit answers at once").doesNotContain("consent").contains("consent unavailable");
  }

  @Test
  void whileTheConsentSourceStaysDownTheHalfOpenCircuitRisksOneQuestionThenOpensAgain() throws Exception {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("consent.circuit.open-seconds", "1");
    start(p);
    steps.consentDown = true;
    steps.pending = true;
    for (int i = 0; i < 3; i++) {
      ingest();
    }
    Thread.sleep(1200); // the circuit's open time passes: the next file may ask again (half-open)

    calls.clear();
    ingest();
    assertThat(calls).as("one probe, with its retries").containsSubsequence("consent", "consent", "consent",
        "consent unavailable");
    calls.clear();
    assertThat(ingest()).isEqualTo("KEEP");
    assertThat(calls).as("the failed probe opened the circuit again").doesNotContain("consent");
  }
}
