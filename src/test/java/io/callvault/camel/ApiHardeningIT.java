package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.api.WebhookSignature;
import io.callvault.audit.AuditEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The API's answers to hostile and malformed requests, over real HTTP, on a hub with no recordings. */
class ApiHardeningIT extends HubIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<byte[]> send(String method, String path, String token, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> postJson(String path, String token, String body, Map<String, String> headers) throws Exception {
    Map<String, String> h = new java.util.HashMap<>(headers);
    h.putIfAbsent("Content-Type", "application/json");
    return send("POST", path, token, body, h);
  }

  private static JsonNode json(HttpResponse<byte[]> r) throws IOException {
    return JSON.readTree(r.body());
  }

  private static void assertProblem(HttpResponse<byte[]> r, int status) throws IOException {
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertThat(r.statusCode()).as(body).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json(r).get("status").asInt()).isEqualTo(status);
    assertThat(body).doesNotContain("Exception", "java.", "io.callvault.", "No enum constant");
  }

  @Test
  void responsesEchoNoQueryParameterOrRequestHeaderAndCarryTheSecurityHeaders() throws Exception {
    hub.start();
    String hostile = "?Set-Cookie=session%3Devil&X-Evil=1&Location=http%3A%2F%2Fevil&Content-Disposition=attachment";
    Map<String, String> headers = Map.of("X-Callvault-Subject", "+447700900123", "X-Evil", "1", "X-Forwarded-Host", "evil");
    List<HttpResponse<byte[]>> answers = List.of(
        send("GET", "/api/holds" + hostile, null, null, headers),                  // 401
        send("GET", "/api/holds" + hostile, "auditor-token", null, headers),       // 403
        send("GET", "/api/holds" + hostile, "dpo-token", null, headers),           // 200
        send("GET", "/api/subjects/-/recordings" + hostile, "dpo-token", null, headers), // 200 with personal data
        send("GET", "/api/no-such-thing" + hostile, "dpo-token", null, headers),   // 404 from Vert.x
        send("GET", "/api/openapi.json" + hostile, null, null, headers));

    assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(401, 403, 200, 200, 404, 200);
    for (HttpResponse<byte[]> r : answers) {
      var h = r.headers().map().keySet().stream().map(k -> k.toLowerCase(java.util.Locale.ROOT)).toList();
      assertThat(h).as("headers of " + r.uri()).doesNotContain("set-cookie", "x-evil", "location", "x-callvault-subject",
          "x-forwarded-host", "content-disposition", "authorization");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).as(r.uri().toString()).hasValue("nosniff");
      assertThat(r.headers().firstValue("Cache-Control")).as(r.uri().toString()).hasValue("no-store");
      assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("7700900123", "evil");
    }
    assertThat(answers.get(0).headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
  }

  @Test
  void openApiDocumentListsEveryOperationWithItsSecurity() throws Exception {
    hub.start();
    HttpResponse<byte[]> r = send("GET", "/api/openapi.json", null, null, Map.of());

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode doc = json(r);
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    JsonNode paths = doc.get("paths");
    assertThat(paths.fieldNames()).toIterable().contains("/api/subjects/{ref}/recordings", "/api/subjects/{ref}/export",
        "/api/subjects/{ref}", "/api/consent-events", "/api/holds", "/api/holds/{id}", "/api/recordings/{id}/audio",
        "/api/audit", "/api/audit/verify");
    assertThat(paths.get("/api/holds").get("post").get("security").toString()).contains("bearer", "dpo");
    assertThat(paths.get("/api/consent-events").get("post").get("security").toString()).contains("crmSignature");
    assertThat(doc.get("components").get("securitySchemes").fieldNames()).toIterable().contains("bearer", "crmSignature");
  }

  @Test
  void aBodyDeclaredLargerThanTheLimitIsRefusedWith413BeforeItIsSentOrAuthenticated() throws Exception {
    hub.start();
    try (Socket s = new Socket("127.0.0.1", hub.httpPort)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /api/holds HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Content-Length: 9000000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // not one more byte is sent: an answer proves that the hub did not wait for (or buffer) the body
      String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      assertThat(status).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void aChunkedBodyIsCutOffAtTheLimitNotReadToTheEnd() throws Exception {
    hub.start();
    long total = 9L * 1024 * 1024;
    AtomicLong sentWhenAnswered = new AtomicLong(-1);
    AtomicLong sent = new AtomicLong();
    try (Socket s = new Socket("127.0.0.1", hub.httpPort)) {
      s.setSoTimeout(20_000);
      CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
        try {
          String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
          sentWhenAnswered.set(sent.get());
          return line;
        } catch (IOException e) {
          return "no answer: " + e.getMessage();
        }
      });
      OutputStream out = s.getOutputStream();
      out.write(("POST /api/consent-events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[64 * 1024];
      java.util.Arrays.fill(chunk, (byte) ' ');
      byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      try {
        while (sent.get() < total && !answer.isDone()) {
          out.write(head);
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          sent.addAndGet(chunk.length);
        }
      } catch (IOException closedByTheHub) {
        // the hub answered and closed the connection: expected
      }
      assertThat(answer.get(20, TimeUnit.SECONDS)).startsWith("HTTP/1.1 413");
      assertThat(sentWhenAnswered.get()).as("bytes sent when the 413 came").isLessThan(total);
    }
  }

  @Test
  void bodiesOverAnEndpointsOwnLimitAre413EvenWithoutCredentials() throws Exception {
    hub.start();
    String big = "{\"reason\":\"" + "x".repeat(20_000) + "\"}";
    assertProblem(postJson("/api/holds", null, big, Map.of()), 413);
    assertProblem(send("DELETE", "/api/holds/hold_00", null, "{}", Map.of("Content-Type", "application/json")), 413);
  }

  @Test
  void badInputAnswers400ProblemDetailsThatNameTheFieldNeverAClass() throws Exception {
    hub.start();
    String withoutReview = "{\"scope\":\"case\",\"target\":\"CASE-1\",\"reason\":\"dispute\"}";
    String unknownScope = "{\"scope\":\"galaxy\",\"target\":\"CASE-1\",\"reason\":\"dispute\",\"review_at\":\"2030-01-01\"}";
    String phoneInReason = "{\"scope\":\"case\",\"target\":\"CASE-1\",\"reason\":\"caller +44 7700900123\",\"review_at\":\"2030-01-01\"}";
    String badDate = "{\"scope\":\"case\",\"target\":\"CASE-1\",\"reason\":\"dispute\",\"review_at\":\"next week\"}";

    assertThat(detail(postJson("/api/holds", "dpo-token", withoutReview, Map.of()))).contains("review_at");
    assertThat(detail(postJson("/api/holds", "dpo-token", unknownScope, Map.of()))).contains("scope must be");
    assertThat(detail(postJson("/api/holds", "dpo-token", phoneInReason, Map.of()))).contains("phone number");
    assertThat(detail(postJson("/api/holds", "dpo-token", badDate, Map.of()))).contains("review_at");
    assertThat(detail(postJson("/api/holds", "dpo-token", "{not json", Map.of()))).contains("not valid JSON");
    assertThat(detail(send("GET", "/api/recordings/rec-1/audio?purpose=x%00", "dpo-token", null, Map.of()))).contains("purpose");
    assertThat(detail(send("GET", "/api/recordings/rec-1/audio", "dpo-token", null, Map.of()))).contains("purpose");
    assertThat(hub.hub.beans().holds().list(false)).isEmpty();
  }

  private String detail(HttpResponse<byte[]> r) throws IOException {
    assertProblem(r, 400);
    return json(r).get("detail").asText();
  }

  @Test
  void theWebhookRefusesPersonalDataAndOversizedIdsBeforeTheyReachTheAuditTrail() throws Exception {
    hub.start();
    WebhookSignature signer = new WebhookSignature(HubFixture.WEBHOOK_SECRET);
    long before = hub.hub.beans().auditTrail().lastSeq();
    for (String eventId : List.of("x".repeat(10_000), "call-447700900123", "evt 1")) {
      String body = "{\"event_id\":\"" + eventId + "\",\"type\":\"withdrawal\",\"flag\":\"training\",\"subject\":\"+447700900123\"}";
      HttpResponse<byte[]> r = postJson("/api/consent-events", null, body,
          Map.of(WebhookSignature.HEADER, signer.sign(body.getBytes(StandardCharsets.UTF_8))));
      assertThat(detail(r)).contains("event_id");
    }
    String flagged = "{\"event_id\":\"evt-2\",\"type\":\"withdrawal\",\"flag\":\"07700 900123\",\"subject\":\"+447700900123\"}";
    assertThat(detail(postJson("/api/consent-events", null, flagged,
        Map.of(WebhookSignature.HEADER, signer.sign(flagged.getBytes(StandardCharsets.UTF_8)))))).contains("flag");
    assertThat(hub.hub.beans().auditTrail().read(before + 1, 100)).extracting(AuditEntry::reason)
        .noneMatch(r -> r.contains("7700900123") || r.contains("xxxxxxxx"));
  }

  @Test
  void aSignedWebhookWithoutJsonContentTypeIsRefusedWithAProblemNot500() throws Exception {
    hub.start();
    String body = "{\"event_id\":\"evt-3\",\"type\":\"objection\",\"subject\":\"+447700900123\"}";
    String sig = new WebhookSignature(HubFixture.WEBHOOK_SECRET).sign(body.getBytes(StandardCharsets.UTF_8));
    for (Map<String, String> h : List.of(Map.of(WebhookSignature.HEADER, sig),
        Map.of(WebhookSignature.HEADER, sig, "Content-Type", "application/x-www-form-urlencoded"),
        Map.of(WebhookSignature.HEADER, sig, "Content-Type", "text/plain"))) {
      HttpResponse<byte[]> r = send("POST", "/api/consent-events", null, body, h);
      assertProblem(r, 415);
      assertThat(json(r).get("detail").asText()).contains("application/json");
    }
    HttpResponse<byte[]> ok = postJson("/api/consent-events", null, body, Map.of(WebhookSignature.HEADER, sig));
    assertThat(ok.statusCode()).as(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo(200);
  }

  @Test
  void aFloodOf403sWritesOneAuditEntryPerWindowAndItsCountWhenTheHubStops() throws Exception {
    hub.start();
    var trail = hub.hub.beans().auditTrail();
    long before = trail.lastSeq();
    for (int i = 0; i < 300; i++) {
      assertThat(send("GET", "/api/holds", "auditor-token", null, Map.of()).statusCode()).isEqualTo(403);
    }
    assertThat(trail.read(before + 1, 1000)).hasSize(1);

    hub.hub.close();

    List<AuditEntry> entries = readTrailAfterStop(before + 1);
    assertThat(entries).extracting(AuditEntry::reason)
        .containsExactly("403: this operation needs the role dpo", entries.get(1).reason());
    assertThat(entries.get(1).reason()).startsWith("299 more since ").endsWith("403: this operation needs the role dpo");
    assertThat(entries).extracting(AuditEntry::actor).containsOnly("auditor");
  }

  /** The audit trail of the stopped hub, read through a catalog of its own. */
  private List<AuditEntry> readTrailAfterStop(long fromSeq) {
    String url = hub.overrides.get("catalog.url");
    try (var catalog = io.callvault.catalog.Catalog.open(new io.callvault.catalog.CatalogSettings(url, "sa", ""))) {
      return new io.callvault.audit.AuditTrail(catalog, java.time.Clock.systemUTC()).read(fromSeq, 1000);
    }
  }
}
