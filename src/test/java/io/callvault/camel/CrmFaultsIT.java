package io.callvault.camel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditEntry;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.DecisionEntry;
import io.callvault.consent.HttpJsonConsentSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11: the CRM consent source (consent.source=http, WireMock) fails in the ways CRMs fail: it hangs, it is
 * down, it answers garbage or a huge body. Each time the retries are bounded and the circuit breaker keeps the
 * batch moving; consent-based purposes are not stored while the CRM cannot answer (unknown is neither consent
 * nor refusal) and are stored once it answers; the audit trail holds one deferral per recording, not one per
 * poll; nothing is lost or quarantined.
 */
class CrmFaultsIT extends HubIT {
  private static final String CONSENT_PATH = "/consent/.*";
  private WireMockServer crm;

  @BeforeEach
  void startCrm() {
    crm = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(40));
    crm.start();
  }

  @AfterEach
  void stopCrm() {
    crm.stop();
  }

  /** The hub asks {@code baseUrl} for the flag training, with a one-second timeout and a short open circuit. */
  private void consentFrom(String baseUrl) {
    hub.overrides.put("consent.source", "http");
    hub.overrides.put("consent.http.url-template", baseUrl + "/consent/{subject}");
    hub.overrides.put("consent.http.flag.training", "/training");
    hub.overrides.put("consent.http.value.true", "GRANTED");
    hub.overrides.put("consent.http.value.false", "DENIED");
    hub.overrides.put("consent.http.timeout", "PT1S");
    hub.overrides.put("consent.circuit.open-seconds", "3");
  }

  @Test
  @Timeout(180)
  void aHangingCrmOpensTheCircuitSoTheBatchIsNotHeldUpAndEachRecordingIsAuditedOnceWhileItWaits() throws Exception {
    int files = 30;
    consentFrom(crm.baseUrl());
    hub.overrides.put("consent.circuit.open-seconds", "10"); // one question (3 attempts, 3 s) per 13 s while it hangs
    crm.stubFor(get(urlPathMatching(CONSENT_PATH)).willReturn(okJson("{\"training\": true}").withFixedDelay(5000)));
    CapturedLogs logs = new CapturedLogs();
    try (logs) {
      DropBatch batch = DropBatch.drop(hub, files);
      hub.start();

      // 30 files x 3 attempts x a 1 s timeout would hold the batch for 90 s on each poll without the circuit
      HubFixture.await("every recording's copies that need no consent are stored", Duration.ofSeconds(60),
          () -> batch.files.values().stream().allMatch(id -> copies(id).size() == 2));
      assertThat(crmRequests()).as("questions to the hanging CRM (30 files x 3 attempts without a circuit)")
          .isLessThan(files);
      HubFixture.await("the waiting files polled twice more", Duration.ofSeconds(60),
          () -> hub.opened.size() >= 3 * files);
      assertThat(batch.stillInDrop()).as("recordings waiting for consent stay in the drop").hasSize(files);
      for (String id : batch.files.values()) {
        assertThat(copies(id)).extracting(CopyEntry::purpose).containsExactlyInAnyOrder("quality", "legal");
        assertThat(catalog().findRecording(id)).get().extracting(r -> r.state()).isEqualTo("PENDING");
      }
      Map<String, List<String>> whileWaiting = decisionsAudited();
      assertThat(whileWaiting).as("one audit entry per recording, not one per poll").hasSize(files)
          .allSatisfy((id, reasons) -> assertThat(reasons).singleElement().asString().contains("training=UNDECIDED"));

      crm.resetAll();
      crm.stubFor(get(urlPathMatching(CONSENT_PATH)).willReturn(okJson("{\"training\": true}")));
      HubFixture.await("the batch leaves the drop once the CRM answers", Duration.ofSeconds(60),
          () -> batch.audioInDrop() == 0);

      batch.assertAccountedFor(catalog(), "after the CRM hung");
      assertThat(decisionsAudited()).as("the deferral and the resolution, for each recording").hasSize(files)
          .allSatisfy((id, reasons) -> assertThat(reasons).hasSize(2).last().asString().contains("training=GRANTED"));
      assertThat(logs.callvaultWarnings(0)).filteredOn(w -> w.contains("consent is down")).hasSize(1);
    }
  }

  @Test
  @Timeout(120)
  void aCrmThatIsDownHoldsEveryCopyWhenConfiguredSoAndTheyAreStoredOnceItIsBack() throws Exception {
    int port = crm.port();
    crm.stop(); // down: the port refuses connections
    consentFrom("http://127.0.0.1:" + port);
    hub.overrides.put("consent.unavailable.proceed-without-consent", "false");
    DropBatch batch = DropBatch.drop(hub, 8);
    hub.start();

    HubFixture.await("every recording is cataloged as waiting", Duration.ofSeconds(60), () -> batch.files.values()
        .stream().allMatch(id -> catalog().findRecording(id).map(r -> r.state().equals("PENDING")).orElse(false)));
    assertThat(batch.objectsInBuckets()).as("nothing stored while consent is unknown").isEmpty();
    assertThat(batch.stillInDrop()).hasSize(8);
    assertThat(catalog().decisionsFor(batch.files.values().iterator().next())).extracting(DecisionEntry::outcome)
        .containsOnly("UNDECIDED");

    crm = new WireMockServer(WireMockConfiguration.options().port(port));
    crm.start();
    crm.stubFor(get(urlPathMatching("/consent/.*447700900111")).willReturn(okJson("{\"training\": true}")));
    crm.stubFor(get(urlPathMatching("/consent/.*447700900222")).willReturn(okJson("{\"training\": false}")));
    crm.stubFor(get(urlPathMatching("/consent/.*447700900333")).willReturn(okJson("{\"training\": true}")));
    crm.stubFor(get(urlPathMatching("/consent/.*447700900444")).willReturn(aResponse().withStatus(404)));
    HubFixture.await("the batch leaves the drop once the CRM is back", Duration.ofSeconds(60),
        () -> batch.audioInDrop() == 0);

    batch.assertAccountedFor(catalog(), "after the CRM was down");
    batch.files.forEach((path, id) -> assertThat(copies(id)).extracting(CopyEntry::purpose).as(path)
        .hasSize(path.contains("07700900111") || path.contains("07700900333") ? 3 : 2));
  }

  @Test
  @Timeout(120)
  void garbageOrAHugeAnswerFromTheCrmIsNeitherConsentNorRefusalAndTheRecordingWaitsForARealAnswer()
      throws Exception {
    consentFrom(crm.baseUrl());
    byte[] huge = new byte[50 << 20]; // 50 MB of JSON-looking bytes
    java.util.Arrays.fill(huge, (byte) ' ');
    huge[0] = '{';
    stub("111", okJson("{\"training\": tru"));
    stub("222", aResponse().withStatus(200).withHeader("Content-Type", "text/html").withBody("<html>log in</html>"));
    stub("333", aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(huge));
    stub("444", okJson("\"granted\""));
    DropBatch batch = DropBatch.drop(hub, 4);
    hub.start();

    HubFixture.await("the copies that need no consent are stored", Duration.ofSeconds(60),
        () -> batch.files.values().stream().allMatch(id -> copies(id).size() == 2));
    for (String id : batch.files.values()) {
      assertThat(catalog().decisionsFor(id)).filteredOn(d -> d.purpose().equals("training")).singleElement()
          .satisfies(d -> {
            assertThat(d.outcome()).as("unknown is neither consent nor refusal").isEqualTo("UNDECIDED");
            assertThat(d.reason()).contains("unavailable");
          });
    }
    assertThat(batch.stillInDrop()).hasSize(4);
    assertThat(HttpJsonConsentSource.MAX_BODY_BYTES).isLessThan(huge.length / 10);

    crm.resetAll();
    crm.stubFor(get(urlPathMatching(CONSENT_PATH)).willReturn(okJson("{\"training\": true}")));
    HubFixture.await("the batch leaves the drop once the CRM answers", Duration.ofSeconds(60),
        () -> batch.audioInDrop() == 0);
    batch.assertAccountedFor(catalog(), "after garbage from the CRM");
    batch.files.values().forEach(id -> assertThat(copies(id)).hasSize(3));
  }

  private void stub(String callerSuffix, ResponseDefinitionBuilder answer) {
    crm.stubFor(get(urlPathMatching("/consent/.*447700900" + callerSuffix)).willReturn(answer));
  }

  private Catalog catalog() {
    return hub.hub.beans().catalog();
  }

  private List<CopyEntry> copies(String id) {
    return catalog().copiesOf(id);
  }

  private int crmRequests() {
    return crm.countRequestsMatching(getRequestedFor(urlPathMatching(CONSENT_PATH)).build()).getCount();
  }

  /** Recording id -> the reasons of its ingest decisions in the audit trail, in order. */
  private Map<String, List<String>> decisionsAudited() {
    return hub.hub.beans().auditTrail().read(0, 100_000).stream()
        .filter(e -> e.action().equals(AuditAction.INGEST_DECISION))
        .collect(Collectors.groupingBy(AuditEntry::target, java.util.LinkedHashMap::new,
            Collectors.mapping(AuditEntry::reason, Collectors.toList())));
  }
}
