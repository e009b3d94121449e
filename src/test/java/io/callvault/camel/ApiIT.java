package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.api.WebhookSignature;
import io.callvault.catalog.CopyEntry;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.RecordingIdentifier;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The HTTP API over real HTTP, on a hub that ingested real recordings over SFTP into S3. */
class ApiIT extends HubIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CALLER = "07700900123";
  private static final String CALLER_E164 = "+447700900123";
  private static final String CONSENT = "subject,training,quality\n" + CALLER_E164 + ",granted,\n";

  final HttpClient http = HttpClient.newHttpClient();
  ListAppender<ILoggingEvent> logs;


  @BeforeEach
  void captureLogs() {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterEach
  void scanLogs() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    for (ILoggingEvent e : logs.list) {
      String line = e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage());
      assertThat(line).as("log line without clear phone numbers").doesNotContain("7700900123", "7700900456");
    }
  }


  private HttpResponse<byte[]> call(String method, String path, String token, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::header);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> call(String method, String path, String token) throws Exception {
    return call(method, path, token, null, Map.of());
  }

  private static String subject(String number) {
    return URLEncoder.encode(number, StandardCharsets.UTF_8);
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void everyEndpointRefusesNoTokenAndWrongRoleAndServesTheRightRole() throws Exception {
    hub.withDecryptionKeys().consentCsv(CONSENT).start();
    String id = ingest("1710498700.1", TestAudio.wav(1, 1));
    String s = subject(CALLER_E164);
    String holdBody = "{\"scope\":\"recording\",\"target\":\"" + id + "\",\"reason\":\"dispute 42\",\"review_at\":\"2030-01-01\"}";

    record Case(String method, String path, String body, String wrongToken, String rightToken, int ok) {}
    List<Case> cases = List.of(
        new Case("GET", "/api/subjects/" + s + "/recordings", null, "auditor-token", "dpo-token", 200),
        new Case("POST", "/api/subjects/" + s + "/export", null, "reviewer-token", "dpo-token", 200),
        new Case("GET", "/api/holds", null, "auditor-token", "dpo-token", 200),
        new Case("POST", "/api/holds", holdBody, "reviewer-token", "dpo-token", 201),
        new Case("GET", "/api/recordings/" + id + "/audio?purpose=quality", null, "trainer-token", "reviewer-token", 200),
        new Case("GET", "/api/audit", null, "reviewer-token", "auditor-token", 200),
        new Case("GET", "/api/audit/verify", null, "dpo-token".replace("dpo", "trainer"), "auditor-token", 200));
    for (Case c : cases) {
      HttpResponse<byte[]> none = call(c.method(), c.path(), null, c.body(), Map.of());
      assertThat(none.statusCode()).as("no token: " + c.method() + " " + c.path()).isEqualTo(401);
      assertThat(none.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
      assertThat(call(c.method(), c.path(), "not-a-token", c.body(), Map.of()).statusCode()).isEqualTo(401);
      assertThat(call(c.method(), c.path(), c.wrongToken(), c.body(), Map.of()).statusCode())
          .as("wrong role: " + c.method() + " " + c.path()).isEqualTo(403);
      HttpResponse<byte[]> right = call(c.method(), c.path(), c.rightToken(), c.body(), Map.of());
      assertThat(right.statusCode())
          .as("right role: " + c.method() + " " + c.path() + " -> " + new String(right.body(), StandardCharsets.UTF_8))
          .isEqualTo(c.ok());
    }
    // hold release and erasure last: they change what the others see
    String holdId = json(call("GET", "/api/holds", "dpo-token")).get(0).get("id").asText();
    assertThat(call("DELETE", "/api/holds/" + holdId, null).statusCode()).isEqualTo(401);
    assertThat(call("DELETE", "/api/holds/" + holdId, "auditor-token").statusCode()).isEqualTo(403);
    assertThat(call("DELETE", "/api/holds/" + holdId, "dpo-token").statusCode()).isEqualTo(200);
    assertThat(call("DELETE", "/api/subjects/" + s, null).statusCode()).isEqualTo(401);
    assertThat(call("DELETE", "/api/subjects/" + s, "reviewer-token").statusCode()).isEqualTo(403);
    assertThat(call("DELETE", "/api/subjects/" + s, "dpo-token").statusCode()).isEqualTo(200);

    String trail = new String(call("GET", "/api/audit", "auditor-token").body(), StandardCharsets.UTF_8);
    // per case: the first 401 of its operation and the 403 (the second 401, same kind and minute, is counted
    // into a later "N more" entry); then the hold and subject deletes
    assertThat(trail.lines().filter(l -> l.contains("\"DENIED_REQUEST\""))).hasSizeGreaterThanOrEqualTo(cases.size() * 2 + 4);
    assertThat(trail).doesNotContain("7700900123");
  }

  @Test
  void reviewerSeesOnlyTheirPurposeAndTheDpoSeesEveryCopy() throws Exception {
    hub.consentCsv(CONSENT).start();
    ingest("1710498701.2", TestAudio.wav(1, 2));
    String path = "/api/subjects/" + subject("07700 900123").replace("+", "%20") + "/recordings";

    JsonNode all = json(call("GET", path, "dpo-token"));
    JsonNode quality = json(call("GET", path, "reviewer-token"));

    assertThat(all.get("copies")).hasSize(3);
    assertThat(quality.get("copies")).hasSize(1);
    assertThat(quality.get("copies").get(0).get("purpose").asText()).isEqualTo("quality");
    assertThat(all.toString()).doesNotContain("7700900123");

    // the same subject named in a header, so no number is in the request line (proxies log that line)
    HttpResponse<byte[]> byHeader = call("GET", "/api/subjects/-/recordings", "dpo-token", null,
        Map.of("X-Callvault-Subject", "07700 900123"));
    assertThat(json(byHeader)).isEqualTo(all);
    assertThat(call("GET", "/api/subjects/-/recordings", "dpo-token").statusCode()).isEqualTo(400);
  }

  @Test
  void exportHoldsMetadataStatementAndDecryptedAudioWhenTheHubHasTheKey() throws Exception {
    hub.withDecryptionKeys().consentCsv(CONSENT).start();
    byte[] audio = TestAudio.wav(1, 3);
    String id = ingest("1710498702.3", audio);

    Map<String, byte[]> zip = unzip(call("POST", "/api/subjects/" + subject(CALLER_E164) + "/export", "dpo-token").body());

    assertThat(zip).containsKeys("metadata.json", "statement.txt", "audio/legal/" + id + ".wav", "audio/training/" + id + ".wav");
    assertThat(zip.get("audio/legal/" + id + ".wav")).isEqualTo(audio);
    String statement = new String(zip.get("statement.txt"), StandardCharsets.UTF_8);
    assertThat(statement).contains("Art. 15", "legal-obligation", "P5Y", "Art. 17", "asterisk-1");
    assertThat(JSON.readTree(zip.get("metadata.json")).get("copies")).hasSize(3);
  }

  @Test
  void exportWithoutTheKeyHoldsOpenPgpFilesThatGpgDecrypts() throws Exception {
    hub.consentCsv(CONSENT).start();
    byte[] audio = TestAudio.wav(1, 4);
    String id = ingest("1710498703.4", audio);

    Map<String, byte[]> zip = unzip(call("POST", "/api/subjects/" + subject(CALLER_E164) + "/export", "dpo-token").body());

    String name = "audio/quality/" + id + ".wav.gpg";
    assertThat(zip).containsKeys(name, "audio/README.txt");
    assertThat(new String(zip.get("audio/README.txt"), StandardCharsets.UTF_8)).contains("it.pub.asc");
    Path gpgFile = dir.resolve("q.wav.gpg");
    Files.write(gpgFile, zip.get(name));
    assertThat(TestAudio.gpgDecrypt(gpgFile, hub.secretKey, dir)).isEqualTo(audio);
    HttpResponse<byte[]> playback = call("GET", "/api/recordings/" + id + "/audio?purpose=quality", "reviewer-token");
    assertThat(playback.statusCode()).isEqualTo(409);
    assertThat(json(playback).get("detail").asText()).contains("no decryption key");
  }

  @Test
  void erasureKeepsHeldAndLegalObligationCopiesWithTheirArticleAndCertifiesTheRest() throws Exception {
    hub.consentCsv(CONSENT).start();
    String held = ingest("1710498704.5", TestAudio.wav(1, 5));
    String free = ingest("1710498705.6", TestAudio.wav(1, 6));
    HttpResponse<byte[]> placed = call("POST", "/api/holds", "dpo-token",
        "{\"scope\":\"recording\",\"target\":\"" + held + "\",\"reason\":\"complaint\",\"review_at\":\"2030-06-30\"}", Map.of());
    assertThat(placed.statusCode()).as(new String(placed.body(), StandardCharsets.UTF_8)).isEqualTo(201);

    JsonNode report = json(call("DELETE", "/api/subjects/" + subject(CALLER_E164), "dpo-token"));

    Map<String, String> outcome = new HashMap<>();
    report.get("copies").forEach(c -> outcome.put(c.get("recordingId").asText() + "/" + c.get("purpose").asText(),
        c.get("outcome").asText() + " " + c.get("reason").asText()));
    assertThat(outcome.get(held + "/training")).startsWith("KEPT").contains("17(3)(e)");
    assertThat(outcome.get(free + "/legal")).startsWith("KEPT").contains("17(3)(b)");
    assertThat(outcome.get(free + "/training")).startsWith("ERASED");
    assertThat(outcome.get(free + "/quality")).startsWith("ERASED");
    var catalog = hub.hub.beans().catalog();
    CopyEntry erased = catalog.findCopy(free, "training").orElseThrow();
    assertThat(erased.state()).isEqualTo("ERASED");
    assertThat(hub.hub.beans().objectStore().exists(erased.bucket(), erased.objectKey())).isFalse();
    CopyEntry kept = catalog.findCopy(free, "legal").orElseThrow();
    assertThat(hub.hub.beans().objectStore().exists(kept.bucket(), kept.objectKey())).isTrue();
    String hash = report.get("contentHash").asText();
    assertThat(hash).hasSize(64);
    String trail = new String(call("GET", "/api/audit", "auditor-token").body(), StandardCharsets.UTF_8);
    assertThat(trail).contains("\"ERASURE\"").contains(hash);
  }

  @Test
  void consentWithdrawalWebhookErasesTheTrainingCopyOnceAndRefusesABadSignature() throws Exception {
    hub.consentCsv(CONSENT).start();
    String id = ingest("1710498706.7", TestAudio.wav(1, 7));
    String body = "{\"event_id\":\"evt-1\",\"type\":\"withdrawal\",\"flag\":\"training\",\"subject\":\"" + CALLER_E164 + "\"}";
    WebhookSignature signer = new WebhookSignature(HubFixture.WEBHOOK_SECRET);

    assertThat(call("POST", "/api/consent-events", null, body, Map.of()).statusCode()).isEqualTo(401);
    assertThat(call("POST", "/api/consent-events", null, body,
        Map.of(WebhookSignature.HEADER, new WebhookSignature("another-secret-0123456789").sign(body.getBytes()))).statusCode())
        .isEqualTo(401);
    assertThat(hub.hub.beans().catalog().findCopy(id, "training").orElseThrow().state()).isEqualTo("STORED");

    JsonNode first = json(call("POST", "/api/consent-events", null, body,
        Map.of(WebhookSignature.HEADER, signer.sign(body.getBytes(StandardCharsets.UTF_8)))));
    JsonNode again = json(call("POST", "/api/consent-events", null, body,
        Map.of(WebhookSignature.HEADER, signer.sign(body.getBytes(StandardCharsets.UTF_8)))));

    assertThat(first.get("replayed").asBoolean()).isFalse();
    assertThat(again.get("replayed").asBoolean()).isTrue();
    var catalog = hub.hub.beans().catalog();
    assertThat(catalog.findCopy(id, "training").orElseThrow().state()).isEqualTo("ERASED");
    assertThat(catalog.findCopy(id, "quality").orElseThrow().state()).isEqualTo("STORED");
    assertThat(catalog.findCopy(id, "legal").orElseThrow().state()).isEqualTo("STORED");

    // the consent CSV (the CRM) still says granted, but the withdrawal event wins for later calls
    String later = ingest("1710498709.9", TestAudio.wav(1, 9));
    assertThat(catalog.findCopy(later, "training")).isEmpty();
    assertThat(catalog.decisionsFor(later)).anySatisfy(d -> {
      assertThat(d.purpose()).isEqualTo("training");
      assertThat(d.reason()).contains("withdrawn");
    });
  }

  @Test
  void aConsentEventIdReusedForAnotherSubjectOrBodyIsAConflictAndItsReplayIsNot() throws Exception {
    hub.consentCsv(CONSENT).start();
    String id = ingest("1710498710.10", TestAudio.wav(1, 10));
    String body = "{\"event_id\":\"evt-5\",\"type\":\"withdrawal\",\"flag\":\"training\",\"subject\":\"" + CALLER_E164 + "\"}";
    assertThat(postEvent(body).statusCode()).isEqualTo(200);

    HttpResponse<byte[]> otherSubject = postEvent(body.replace(CALLER_E164, "+447700900456"));
    HttpResponse<byte[]> otherBody = postEvent("{\"event_id\":\"evt-5\",\"type\":\"objection\",\"subject\":\"" + CALLER_E164 + "\"}");
    HttpResponse<byte[]> sameBody = postEvent(body);

    assertThat(otherSubject.statusCode()).isEqualTo(409);
    assertThat(otherSubject.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("problem+json"));
    assertThat(json(otherSubject).get("detail").asText()).contains("evt-5", "new event id").doesNotContain("7700900456");
    assertThat(otherBody.statusCode()).isEqualTo(409);
    assertThat(hub.hub.beans().catalog().findCopy(id, "quality").orElseThrow().state()).as("the objection was not applied")
        .isEqualTo("STORED");
    assertThat(sameBody.statusCode()).isEqualTo(200);
    assertThat(json(sameBody).get("replayed").asBoolean()).isTrue();
  }

  @Test
  void aWithdrawalAHoldKeptIsAppliedWhenTheHoldIsReleasedAndTheReplayAnswersTheNewCertificate() throws Exception {
    hub.consentCsv(CONSENT).start();
    String id = ingest("1710498711.11", TestAudio.wav(1, 11));
    HttpResponse<byte[]> placed = call("POST", "/api/holds", "dpo-token",
        "{\"scope\":\"recording\",\"target\":\"" + id + "\",\"reason\":\"complaint\",\"review_at\":\"2030-06-30\"}", Map.of());
    String body = "{\"event_id\":\"evt-6\",\"type\":\"withdrawal\",\"flag\":\"training\",\"subject\":\"" + CALLER_E164 + "\"}";

    JsonNode first = json(postEvent(body)).get("result");
    assertThat(first.get("copies").get(0).get("outcome").asText()).isEqualTo("KEPT");
    assertThat(call("DELETE", "/api/holds/" + json(placed).get("id").asText(), "dpo-token").statusCode()).isEqualTo(200);

    var catalog = hub.hub.beans().catalog();
    CopyEntry training = catalog.findCopy(id, "training").orElseThrow();
    assertThat(training.state()).isEqualTo("ERASED");
    assertThat(hub.hub.beans().objectStore().exists(training.bucket(), training.objectKey())).isFalse();
    JsonNode replay = json(postEvent(body));
    assertThat(replay.get("replayed").asBoolean()).isTrue();
    assertThat(replay.get("result").get("supersedes").asText()).isEqualTo(first.get("certificateId").asText());
    assertThat(replay.get("result").get("copies").get(0).get("outcome").asText()).isEqualTo("ERASED");
    String trail = new String(call("GET", "/api/audit", "auditor-token").body(), StandardCharsets.UTF_8);
    assertThat(trail).contains(replay.get("result").get("contentHash").asText());
  }

  private HttpResponse<byte[]> postEvent(String body) throws Exception {
    String signature = new WebhookSignature(HubFixture.WEBHOOK_SECRET).sign(body.getBytes(StandardCharsets.UTF_8));
    return call("POST", "/api/consent-events", null, body, Map.of(WebhookSignature.HEADER, signature));
  }

  @Test
  void auditVerifyEndpointReportsARowChangedInTheDatabase() throws Exception {
    hub.consentCsv(CONSENT).start();
    ingest("1710498707.8", TestAudio.wav(1, 8));
    assertThat(call("GET", "/api/audit/verify", "auditor-token").statusCode()).isEqualTo(200);
    try (var c = hub.hub.beans().catalog().dataSource().getConnection()) {
      c.createStatement().executeUpdate("update audit_log set actor = 'someone-else' where seq = 1");
      c.commit();
    }
    HttpResponse<byte[]> broken = call("GET", "/api/audit/verify", "auditor-token");
    assertThat(broken.statusCode()).isEqualTo(409);
    assertThat(json(broken).toString()).contains("entry 1");
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    Map<String, byte[]> entries = new HashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }
}
