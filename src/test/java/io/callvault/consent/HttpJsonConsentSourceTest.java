package io.callvault.consent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.callvault.consent.ConsentStatus.DENIED;
import static io.callvault.consent.ConsentStatus.GRANTED;
import static io.callvault.consent.ConsentStatus.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpJsonConsentSourceTest {
  static final String PHONE = "+33612345678";
  static final String SF_ID = "003xx000004TxyYAAI";
  static final String SF_PATH = "/services/data/v60.0/consent/multiaction";
  static final String HS_PATH = "/communication-preferences/v3/status/email/";

  private WireMockServer crm;

  @BeforeEach
  void start() {
    crm = new WireMockServer(options().dynamicPort());
    crm.start();
  }

  @AfterEach
  void stop() {
    crm.stop();
  }

  /**
   * Salesforce Consent API, multiaction, in the documented shape (the vendor's own answers are in
   * src/test/resources/crm/, see CrmReadmeMappingsTest): keyed by id, every requested action under
   * {@code proceed}; values are strings.
   */
  static String salesforceMultiaction(String id, String email, String track) {
    return """
        {
          "%s": {
            "result": "Success",
            "proceed": { "email": "%s", "emailResult": "Success", "track": "%s", "trackResult": "Success" }
          }
        }
        """.formatted(id, email, track);
  }

  /** HubSpot communication preferences v3, GET /status/email/{emailAddress}. */
  static String hubspotStatuses(String recipient, String newsletter, String calls) {
    return """
        {
          "recipient": "%s",
          "subscriptionStatuses": [
            { "id": "123", "name": "Newsletter", "description": "Monthly news",
              "status": "%s", "sourceOfStatus": "SUBSCRIPTION_STATUS", "brandId": 0,
              "preferenceGroupName": "Marketing", "legalBasis": "CONSENT_WITH_NOTICE",
              "legalBasisExplanation": "Ticked the box on the web form" },
            { "id": "456", "name": "Call recording for training", "description": "",
              "status": "%s", "sourceOfStatus": "PORTAL_WIDE_STATUS", "brandId": 0,
              "preferenceGroupName": "Service", "legalBasis": "LEGITIMATE_INTEREST_CLIENT",
              "legalBasisExplanation": "Existing customer" }
          ]
        }
        """.formatted(recipient, newsletter, calls);
  }

  HttpConsentSettings salesforce() {
    return HttpConsentSettings.of(
        crm.baseUrl() + SF_PATH + "?actions=email,track&ids={subject}",
        Map.of(
            "marketing", "/{subject}/proceed/email",
            "training", "$['{subject}'].proceed.track"),
        ConsentValues.DEFAULTS,
        Duration.ofSeconds(10));
  }

  HttpConsentSettings hubspot() {
    return HttpConsentSettings.of(
        crm.baseUrl() + HS_PATH + "{subject}",
        Map.of(
            "newsletter", "$.subscriptionStatuses[?(@.id=='123')].status",
            "training", "$.subscriptionStatuses[?(@.id=='456')].status",
            "surveys", "$.subscriptionStatuses[?(@.id=='789')].status"),
        Map.of("SUBSCRIBED", GRANTED, "not_subscribed", DENIED),
        Duration.ofSeconds(10));
  }

  HttpConsentSettings phoneLookup(Duration timeout) {
    return HttpConsentSettings.of(
        crm.baseUrl() + "/consent/{subject}", Map.of("training", "/training"),
        ConsentValues.DEFAULTS, timeout);
  }

  void stubSalesforce(String id, String body) {
    crm.stubFor(
        get(urlPathEqualTo(SF_PATH))
            .withQueryParam("actions", equalTo("email,track"))
            .withQueryParam("ids", equalTo(id))
            .willReturn(okJson(body)));
  }

  @Test
  void aFlagPathThatMatchesNoAnswerIsWarnedOfOnceNamingTheSettingButNoSubject() throws Exception {
    crm.stubFor(get(urlPathMatching("/consent/.*")).willReturn(okJson("{\"consents\": {\"training\": true}}")));
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(AbsentFlags.class);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      HttpJsonConsentSource source = new HttpJsonConsentSource(phoneLookup(Duration.ofSeconds(5))); // "/training"
      for (int i = 0; i < AbsentFlags.WARN_AFTER + 10; i++) {
        assertThat(source.lookup("+4477009" + (10000 + i)).status("training")).isEqualTo(ConsentStatus.UNKNOWN);
      }
    } finally {
      logger.detachAppender(logs);
    }

    assertThat(logs.list).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
        .contains("consent.http.flag.training (/training) found nothing in the last 50 CRM answers")
        .doesNotContain("+4477009"));
  }

  @Test
  void salesforceTrueStringsGrantConsent() throws Exception {
    stubSalesforce(SF_ID, salesforceMultiaction(SF_ID, "true", "true"));

    ConsentAnswer answer = new HttpJsonConsentSource(salesforce()).lookup(SF_ID);

    assertThat(answer.status("marketing")).isEqualTo(GRANTED);
    assertThat(answer.status("training")).isEqualTo(GRANTED);
    assertThat(answer.source()).isEqualTo("http");
  }

  @Test
  void salesforceFalseStringsDenyConsent() throws Exception {
    stubSalesforce(SF_ID, salesforceMultiaction(SF_ID, "false", "false"));

    ConsentAnswer answer = new HttpJsonConsentSource(salesforce()).lookup(SF_ID);

    assertThat(answer.status("marketing")).isEqualTo(DENIED);
    assertThat(answer.status("training")).isEqualTo(DENIED);
  }

  @Test
  void salesforceMixedAnswerKeepsEachActionApart() throws Exception {
    stubSalesforce(SF_ID, salesforceMultiaction(SF_ID, "false", "true"));

    ConsentAnswer answer = new HttpJsonConsentSource(salesforce()).lookup(SF_ID);

    assertThat(answer.status("marketing")).isEqualTo(DENIED);
    assertThat(answer.status("training")).isEqualTo(GRANTED);
  }

  @Test
  void subjectWithSlashTildeAndQuoteIsEscapedInUrlPointerAndJsonPath() throws Exception {
    String odd = "a/b~c'd@example.com";
    String jsonKey = odd.replace("\"", "\\\"");
    stubSalesforce(odd, salesforceMultiaction(jsonKey, "true", "false"));

    ConsentAnswer answer = new HttpJsonConsentSource(salesforce()).lookup(odd);

    assertThat(answer.status("marketing")).isEqualTo(GRANTED);
    assertThat(answer.status("training")).isEqualTo(DENIED);
  }

  @Test
  void answerForAnotherIdLeavesEveryFlagUnknown() throws Exception {
    stubSalesforce(SF_ID, salesforceMultiaction("003xx000004OTHER", "true", "true"));

    ConsentAnswer answer = new HttpJsonConsentSource(salesforce()).lookup(SF_ID);

    assertThat(answer.status("marketing")).isEqualTo(UNKNOWN);
    assertThat(answer.status("training")).isEqualTo(UNKNOWN);
  }

  @Test
  void aResolveStepThatFailsMakesTheAnswerUnavailableNamingNoNumber() {
    crm.stubFor(get(urlPathEqualTo("/search")).willReturn(aResponse().withStatus(503).withBody("down " + PHONE)));
    HttpJsonConsentSource source = new HttpJsonConsentSource(phoneLookup(Duration.ofSeconds(10))
        .withResolve(crm.baseUrl() + "/search?phone={subject}", "/records/0/id"));

    assertUnavailable(source, "HTTP 503");
    crm.verify(0, getRequestedFor(urlPathEqualTo("/consent/%2B33612345678")));
  }

  @Test
  void aResolveAnswerWithoutTheIdIsAnUnknownSubject() throws Exception {
    crm.stubFor(get(urlPathEqualTo("/search")).willReturn(okJson("{\"records\": [{\"id\": \"\"}]}")));
    HttpJsonConsentSource source = new HttpJsonConsentSource(phoneLookup(Duration.ofSeconds(10))
        .withResolve(crm.baseUrl() + "/search?phone={subject}", "/records/0/id"));

    assertThat(source.lookup(PHONE).flags()).isEmpty();
  }

  @Test
  void hubspotSubscriptionStatusesMapByFilterPath() throws Exception {
    String email = "jane.doe+calls@example.com";
    crm.stubFor(
        get(urlPathEqualTo(HS_PATH + "jane.doe%2Bcalls%40example.com"))
            .willReturn(okJson(hubspotStatuses(email, "SUBSCRIBED", "NOT_SUBSCRIBED"))));

    ConsentAnswer answer = new HttpJsonConsentSource(hubspot()).lookup(email);

    assertThat(answer.status("newsletter")).isEqualTo(GRANTED);
    assertThat(answer.status("training")).isEqualTo(DENIED);
    assertThat(answer.status("surveys")).as("no such subscription").isEqualTo(UNKNOWN);
    // The subject travels percent-encoded: '+' must not turn into a space.
    assertThat(crm.getAllServeEvents().get(0).getRequest().getUrl())
        .isEqualTo(HS_PATH + "jane.doe%2Bcalls%40example.com");
  }

  @Test
  void hubspotUnmappedStatusIsUnknown() throws Exception {
    String email = "jane@example.com";
    crm.stubFor(
        get(urlPathEqualTo(HS_PATH + "jane%40example.com"))
            .willReturn(okJson(hubspotStatuses(email, "PENDING", "SUBSCRIBED"))));

    ConsentAnswer answer = new HttpJsonConsentSource(hubspot()).lookup(email);

    assertThat(answer.status("newsletter")).isEqualTo(UNKNOWN);
    assertThat(answer.status("training")).isEqualTo(GRANTED);
  }

  @Test
  void jsonBooleansNumbersAndNullsAreReadAsRawText() throws Exception {
    crm.stubFor(
        get(urlPathEqualTo("/consent/" + PHONE.replace("+", "%2B")))
            .willReturn(
                okJson("{\"a\": true, \"b\": 0, \"c\": null, \"d\": {\"x\": 1}, \"e\": [\"no\"]}")));
    HttpConsentSettings s =
        HttpConsentSettings.of(
            crm.baseUrl() + "/consent/{subject}",
            Map.of("a", "/a", "b", "$.b", "c", "/c", "d", "/d", "e", "/e"),
            ConsentValues.DEFAULTS, Duration.ofSeconds(10));

    ConsentAnswer answer = new HttpJsonConsentSource(s).lookup(PHONE);

    assertThat(answer.flags())
        .containsEntry("a", GRANTED)
        .containsEntry("b", DENIED)
        .containsEntry("c", UNKNOWN)
        .containsEntry("d", UNKNOWN)
        .containsEntry("e", DENIED);
  }

  @Test
  void notFoundIsAnUnknownSubjectNotAnError() throws Exception {
    crm.stubFor(get(urlPathEqualTo(HS_PATH + "ghost%40example.com"))
        .willReturn(aResponse().withStatus(404).withBody("{\"status\":\"error\"}")));

    ConsentAnswer answer = new HttpJsonConsentSource(hubspot()).lookup("ghost@example.com");

    assertThat(answer.flags()).isEmpty();
    assertThat(answer.status("newsletter")).isEqualTo(UNKNOWN);
  }

  @Test
  void serverErrorIsUnavailable() {
    crm.stubFor(get(urlPathEqualTo("/consent/%2B33612345678"))
        .willReturn(aResponse().withStatus(503).withBody("down for " + PHONE)));

    assertUnavailable(new HttpJsonConsentSource(phoneLookup(Duration.ofSeconds(10))), "HTTP 503");
  }

  @Test
  void garbageBodyIsUnavailable() {
    crm.stubFor(get(urlPathEqualTo("/consent/%2B33612345678"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"training\": tru" + PHONE)));

    assertUnavailable(new HttpJsonConsentSource(phoneLookup(Duration.ofSeconds(10))), "not JSON");
  }

  @Test
  void htmlLoginPageIsUnavailable() {
    crm.stubFor(get(urlPathEqualTo("/consent/%2B33612345678"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
            .withBody("<html><body>Please log in, " + PHONE + "</body></html>")));

    assertUnavailable(new HttpJsonConsentSource(phoneLookup(Duration.ofSeconds(10))), "text/html");
  }

  @Test
  void bareJsonScalarIsUnavailable() {
    crm.stubFor(get(urlPathEqualTo("/consent/%2B33612345678")).willReturn(okJson("\"yes\"")));

    assertUnavailable(new HttpJsonConsentSource(phoneLookup(Duration.ofSeconds(10))),
        "not a JSON object");
  }

  @Test
  void slowAnswerBeyondTimeoutIsUnavailable() {
    crm.stubFor(get(urlPathEqualTo("/consent/%2B33612345678"))
        .willReturn(okJson("{\"training\": \"yes\"}").withFixedDelay(5000)));
    long start = System.nanoTime();

    assertUnavailable(new HttpJsonConsentSource(phoneLookup(Duration.ofMillis(300))),
        "did not answer within PT0.3S");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void refusedConnectionIsUnavailable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    HttpJsonConsentSource source =
        new HttpJsonConsentSource(
            HttpConsentSettings.of("http://127.0.0.1:" + closedPort + "/consent/{subject}",
                Map.of("training", "/training"), ConsentValues.DEFAULTS, Duration.ofSeconds(10)));

    assertUnavailable(source, "cannot be reached");
  }

  @Test
  void authHeaderIsSentOnEveryRequest() throws Exception {
    crm.stubFor(get(urlPathEqualTo("/consent/%2B33612345678"))
        .withHeader("Authorization", equalTo("Bearer s3cr3t-token"))
        .willReturn(okJson("{\"training\": \"opt-in\"}")));
    HttpConsentSettings s =
        phoneLookup(Duration.ofSeconds(10)).withAuthHeader("Authorization", "Bearer s3cr3t-token");
    HttpJsonConsentSource source = new HttpJsonConsentSource(s);

    assertThat(source.lookup(PHONE).status("training")).isEqualTo(GRANTED);

    crm.verify(1, getRequestedFor(urlPathEqualTo("/consent/%2B33612345678"))
        .withHeader("Authorization", equalTo("Bearer s3cr3t-token"))
        .withHeader("Accept", equalTo("application/json")));
    assertThat(s.toString()).doesNotContain("s3cr3t");
    assertThat(source.toString()).doesNotContain("s3cr3t");
  }

  @Test
  void rejectedCredentialsSayAuthenticationFailed() {
    crm.stubFor(get(urlPathEqualTo("/consent/%2B33612345678"))
        .willReturn(aResponse().withStatus(401).withBody("{\"error\":\"invalid_token\"}")));
    HttpJsonConsentSource source =
        new HttpJsonConsentSource(
            phoneLookup(Duration.ofSeconds(10)).withAuthHeader("Authorization", "Bearer wrong-1"));

    ConsentUnavailableException e = assertUnavailable(source, "authentication failed (HTTP 401)");

    assertThat(e.getMessage()).doesNotContain("wrong-1");
  }

  @Test
  void forbiddenSaysAuthenticationFailed() {
    crm.stubFor(get(urlPathEqualTo("/consent/%2B33612345678"))
        .willReturn(aResponse().withStatus(403)));

    assertUnavailable(new HttpJsonConsentSource(phoneLookup(Duration.ofSeconds(10))),
        "authentication failed (HTTP 403)");
  }

  @Test
  void otherClientErrorIsUnavailable() {
    crm.stubFor(get(urlPathEqualTo("/consent/%2B33612345678"))
        .willReturn(aResponse().withStatus(400).withBody("bad id " + PHONE)));

    assertUnavailable(new HttpJsonConsentSource(phoneLookup(Duration.ofSeconds(10))),
        "rejected the request (HTTP 400)");
  }

  @Test
  void aHugeStreamedAnswerIsCutOffAtTheBodyLimitAndCountsAsUnavailable() throws Exception {
    try (HugeAnswer server = new HugeAnswer(false)) {
      assertUnavailable(server.source(), "larger than " + HttpJsonConsentSource.MAX_BODY_BYTES + " bytes");

      server.finished();
      assertThat(server.written.get()).as("bytes the server could send of its 50 MB before the hub hung up")
          .isLessThan(HugeAnswer.SIZE / 2);
    }
  }

  @Test
  void aHugeDeclaredAnswerIsRefusedBeforeItsBodyIsRead() throws Exception {
    try (HugeAnswer server = new HugeAnswer(true)) {
      assertUnavailable(server.source(), "larger than " + HttpJsonConsentSource.MAX_BODY_BYTES + " bytes");

      server.finished();
      assertThat(server.written.get()).isLessThan(HugeAnswer.SIZE / 2);
    }
  }

  /**
   * A CRM (or a proxy in front of it) answering 50 MB of JSON-looking bytes, streamed (chunked) or with its
   * Content-Length; counts what it manages to write before the client hangs up.
   */
  private static final class HugeAnswer implements AutoCloseable {
    static final long SIZE = 50L << 20;
    final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    private final com.sun.net.httpserver.HttpServer server;

    HugeAnswer(boolean declared) throws java.io.IOException {
      server = com.sun.net.httpserver.HttpServer.create(
          new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", exchange -> {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, declared ? SIZE : 0);
        byte[] chunk = ("{\"training\": \"yes\", \"padding\": \"" + "x".repeat(64 * 1024) + "\",")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.io.OutputStream out = exchange.getResponseBody()) {
          while (written.get() < SIZE) {
            out.write(chunk);
            written.addAndGet(chunk.length);
          }
        } catch (java.io.IOException e) {
          // the client hung up: what this test wants
        } finally {
          done.countDown();
        }
      });
      server.start();
    }

    HttpJsonConsentSource source() {
      return new HttpJsonConsentSource(HttpConsentSettings.of(
          "http://127.0.0.1:" + server.getAddress().getPort() + "/consent/{subject}",
          Map.of("training", "/training"), ConsentValues.DEFAULTS, Duration.ofSeconds(20)));
    }

    /** Waits until the server's handler stopped writing (the client hung up, or all 50 MB were sent). */
    void finished() throws InterruptedException {
      assertThat(done.await(20, java.util.concurrent.TimeUnit.SECONDS)).as("the server stopped writing").isTrue();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  @Test
  void flagPathThatIsNeitherPointerNorJsonPathIsRefused() {
    assertThat(HttpJsonConsentSource.pathProblem("training")).contains("JSON Pointer");
    assertThat(HttpJsonConsentSource.pathProblem("$.a[?(@.id==")).contains("JSONPath");
    assertThat(HttpJsonConsentSource.pathProblem("/{subject}/proceed/email")).isNull();
    assertThatThrownBy(() -> new HttpJsonConsentSource(HttpConsentSettings.of(
            crm.baseUrl() + "/c/{subject}", Map.of("training", "training"),
            ConsentValues.DEFAULTS, Duration.ofSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("training");
  }

  private ConsentUnavailableException assertUnavailable(HttpJsonConsentSource source,
      String expected) {
    ConsentUnavailableException e =
        catchThrowableOfType(() -> source.lookup(PHONE), ConsentUnavailableException.class);
    assertThat(e).as("lookup must fail as unavailable").isNotNull();
    assertThat(e.getMessage())
        .contains(expected)
        .contains("consent service at http://")
        .doesNotContain(PHONE)
        .doesNotContain("612345678")
        .doesNotContain("%2B33");
    for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
      assertThat(String.valueOf(c.getMessage())).doesNotContain("612345678");
    }
    return e;
  }
}
