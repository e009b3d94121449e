package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The console's files and the API operations it added, over real HTTP on a hub that ingested a recording. */
class ConsoleHttpIT extends HubIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(String method, String path, String token, Map<String, String> headers)
      throws Exception {
    return send(method, path, token, headers, null);
  }

  private HttpResponse<String> send(String method, String path, String token, Map<String, String> headers, String json)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort + path))
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  void theConsoleIsServedFromTheJarWithAStrictPolicyAndNoCachingAndNothingElseUnderItsPath() throws Exception {
    hub.start();
    for (String path : new String[] {"/console/", "/console", "/console/index.html", "/console/console.js",
        "/console/console.css", "/console/i18n.js", "/console/charts.js"}) {
      HttpResponse<String> r = send("GET", path + "?Content-Security-Policy=x", null,
          Map.of("Content-Security-Policy", "default-src *", "X-Frame-Options", "ALLOW"));
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(ConsoleFiles.CSP);
      assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }
    assertThat(ConsoleFiles.CSP).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
    HttpResponse<String> page = send("GET", "/console/", null, Map.of());
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(page.body()).contains("<script src=\"/console/console.js\"").doesNotContain("<script>", "style=\"",
        " onclick=", "http://", "https://");
    assertThat(send("GET", "/console/console.js", null, Map.of()).headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/javascript"));
    assertThat(send("GET", "/console/../routes/api.camel.yaml", null, Map.of()).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/console/nothing.js", null, Map.of()).statusCode()).isEqualTo(404);
    assertThat(send("POST", "/console/", null, Map.of()).statusCode()).isEqualTo(405);
    HttpResponse<String> api = send("GET", "/api/holds", "dpo-token", Map.of());
    assertThat(api.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; frame-ancestors 'none'");
  }

  @Test
  void theSessionSaysWhoTheCallerIsAndABadTokenIsRefused() throws Exception {
    hub.start();
    JsonNode dpo = JSON.readTree(send("GET", "/api/session", "dpo-token", Map.of()).body());
    JsonNode reviewer = JSON.readTree(send("GET", "/api/session", "reviewer-token", Map.of()).body());
    JsonNode auditor = JSON.readTree(send("GET", "/api/session", "auditor-token", Map.of()).body());

    assertThat(dpo.get("dpo").asBoolean()).isTrue();
    assertThat(dpo.get("purposes").toString()).contains("training", "quality", "legal");
    assertThat(reviewer.get("dpo").asBoolean()).isFalse();
    assertThat(reviewer.get("purposes").toString()).isEqualTo("[\"quality\"]");
    assertThat(auditor.get("audit").asBoolean()).isTrue();
    assertThat(auditor.get("purposes").size()).isZero();
    assertThat(send("GET", "/api/session", "wrong-token", Map.of()).statusCode()).isEqualTo(401);
  }

  @Test
  void thePreviewNamesEachCopysOutcomeAndChangesNothingAndTheForecastCountsTheCopies() throws Exception {
    hub.consentCsv("subject,training,quality\n+447700900123,granted,\n").start();
    String id = ingest("1710512553.42", TestAudio.wav(1.0, 1));
    Map<String, String> subject = Map.of("X-Callvault-Subject", "07700 900123");

    HttpResponse<String> preview = send("GET", "/api/subjects/-/erasure-preview", "dpo-token", subject);
    HttpResponse<String> reviewerPreview = send("GET", "/api/subjects/-/erasure-preview", "reviewer-token", subject);

    assertThat(preview.statusCode()).isEqualTo(200);
    assertThat(reviewerPreview.statusCode()).isEqualTo(403);
    JsonNode copies = JSON.readTree(preview.body()).get("copies");
    Map<String, String> outcome = new java.util.TreeMap<>();
    copies.forEach(c -> outcome.put(c.get("purpose").asText(), c.get("outcome").asText()));
    assertThat(outcome).containsEntry("training", "WOULD_ERASE").containsEntry("quality", "WOULD_ERASE")
        .containsEntry("legal", "KEPT");
    JsonNode after = JSON.readTree(hub.subjectRecordings("+447700900123").body()).get("copies");
    after.forEach(c -> assertThat(c.get("state").asText()).as("nothing erased").isEqualTo("STORED"));
    assertThat(after.get(0).get("recordingId").asText()).isEqualTo(id);
    String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    JsonNode status = JSON.readTree(send("GET", "/api/status", "dpo-token", Map.of()).body());
    assertThat(status.get("ingestedPerDay").get(today).asLong()).as("one recording, counted once").isEqualTo(1);
    assertThat(status.get("storedPerDay").get(today).asLong()).as("its three copies").isEqualTo(3);

    // the hub's clock moves to 20 days before the quality copy's retain-until (the fixture keeps it 30 years)
    java.time.Instant until = null;
    for (JsonNode c : after) {
      until = c.get("purpose").asText().equals("quality") ? java.time.Instant.parse(c.get("retainUntil").asText()) : until;
    }
    hub.clock.advance(java.time.Duration.between(java.time.Instant.now(), until.minus(java.time.Duration.ofDays(20))));
    JsonNode forecast = JSON.readTree(send("GET", "/api/retention/forecast", "reviewer-token", Map.of()).body());
    assertThat(forecast.get("weeks").size()).isEqualTo(52);
    assertThat(forecast.get("purposes").fieldNames()).toIterable().containsExactly("quality");
    JsonNode due = forecast.get("purposes").get("quality").get("due");
    assertThat(due.get(2).asLong() + due.get(3).asLong()).as(due.toString()).isEqualTo(1);
  }

  @Test
  void aDpoMovesAnActiveHoldsReviewDateOverHttpAndTheAuditTrailSaysFromWhichDateToWhich() throws Exception {
    hub.start();
    HttpResponse<String> placed = send("POST", "/api/holds", "dpo-token", Map.of(),
        "{\"scope\":\"case\",\"target\":\"CASE-7\",\"reason\":\"dispute\",\"review_at\":\"2030-01-01\"}");
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    String hold = "/api/holds/" + JSON.readTree(placed.body()).get("id").asText();

    HttpResponse<String> reviewed = send("PATCH", hold, "dpo-token", Map.of(), "{\"review_at\":\"2031-06-30\"}");

    assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(200);
    assertThat(JSON.readTree(reviewed.body()).get("reviewAt").asText()).startsWith("2031-06-30");
    assertThat(JSON.readTree(send("GET", "/api/holds", "dpo-token", Map.of()).body()).get(0).get("reviewAt").asText())
        .startsWith("2031-06-30");
    assertThat(send("GET", "/api/audit", "auditor-token", Map.of()).body()).contains("\"HOLD_REVIEWED\"",
        "review date 2030-01-01 -> 2031-06-30");
    JsonNode paths = JSON.readTree(send("GET", "/api/openapi.json", null, Map.of()).body()).get("paths");
    assertThat(paths.get("/api/holds/{id}").get("patch").get("operationId").asText()).isEqualTo("holds-review");
  }

  @Test
  void aHoldsReviewIsForTheDpoAndABadDateAnUnknownHoldOrAReleasedOneIsAClearError() throws Exception {
    hub.start();
    String hold = "/api/holds/" + JSON.readTree(send("POST", "/api/holds", "dpo-token", Map.of(),
        "{\"scope\":\"case\",\"target\":\"CASE-8\",\"reason\":\"dispute\",\"review_at\":\"2030-01-01\"}").body())
        .get("id").asText();
    String later = "{\"review_at\":\"2031-06-30\"}";

    assertThat(send("PATCH", hold, "auditor-token", Map.of(), later).statusCode()).isEqualTo(403);
    HttpResponse<String> bad = send("PATCH", hold, "dpo-token", Map.of(), "{\"review_at\":\"30/06/2031\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(bad.body()).get("detail").asText()).isEqualTo("review_at must be a date YYYY-MM-DD");
    HttpResponse<String> past = send("PATCH", hold, "dpo-token", Map.of(), "{\"review_at\":\"2020-01-01\"}");
    assertThat(past.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(past.body()).get("detail").asText()).contains("in the past");
    assertThat(send("PATCH", "/api/holds/hold_0123456789abcdef", "dpo-token", Map.of(), later).statusCode())
        .isEqualTo(404);
    assertThat(send("DELETE", hold, "dpo-token", Map.of()).statusCode()).isEqualTo(200);
    assertThat(send("PATCH", hold, "dpo-token", Map.of(), later).statusCode()).isEqualTo(409);
    assertThat(send("GET", "/api/audit", "auditor-token", Map.of()).body()).doesNotContain("HOLD_REVIEWED");
  }

  @Test
  void theLatestAuditEntriesAreBoundedNewestFirstFilteredWithTheActorInAHeaderAndForAuditorsAndTheDpo()
      throws Exception {
    hub.start();
    for (int i = 0; i < 3; i++) {
      send("POST", "/api/holds", "dpo-token", Map.of(), "{\"scope\":\"case\",\"target\":\"CASE-" + i
          + "\",\"reason\":\"dispute\",\"review_at\":\"2030-01-01\"}");
    }
    send("GET", "/api/holds", "reviewer-token", Map.of()); // a refusal: an entry of another actor and action

    JsonNode two = JSON.readTree(send("GET", "/api/audit/latest?limit=2", "auditor-token", Map.of()).body());
    JsonNode placed = JSON.readTree(send("GET", "/api/audit/latest?action=HOLD_PLACED", "dpo-token",
        Map.of("X-Callvault-Actor", "DP")).body());
    JsonNode nobody = JSON.readTree(send("GET", "/api/audit/latest", "auditor-token",
        Map.of("X-Callvault-Actor", "nobody")).body());

    assertThat(two.get("entries").size()).isEqualTo(2);
    assertThat(two.get("entries").get(0).get("seq").asLong()).isGreaterThan(two.get("entries").get(1).get("seq").asLong());
    assertThat(placed.get("limit").asInt()).isEqualTo(100);
    assertThat(placed.get("entries")).hasSize(3).allSatisfy(e -> {
      assertThat(e.get("action").asText()).isEqualTo("HOLD_PLACED");
      assertThat(e.get("actor").asText()).isEqualTo("dpo");
    });
    assertThat(placed.get("actions").toString()).contains("HOLD_PLACED", "HOLD_REVIEWED", "ERASURE");
    assertThat(nobody.get("entries")).isEmpty();
    HttpResponse<String> tooMany = send("GET", "/api/audit/latest?limit=5000", "auditor-token", Map.of());
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(tooMany.body()).get("detail").asText()).isEqualTo("limit must be a whole number from 1 to 1000");
    assertThat(send("GET", "/api/audit/latest?action=drop%20table", "auditor-token", Map.of()).statusCode()).isEqualTo(400);
    assertThat(send("GET", "/api/audit/latest", "reviewer-token", Map.of()).statusCode()).isEqualTo(403);
  }

  @Test
  void quarantineNamesNoNumberAndStatusAnswersTheFiguresAndBothAreForTheDpo() throws Exception {
    hub.start();
    java.nio.file.Path bad = hub.dropFile("2024/03/15/garbage-07700900123.wav", new byte[] {1, 2, 3});
    HubFixture.await("quarantine", WAIT, () -> !java.nio.file.Files.exists(bad));

    HttpResponse<String> quarantine = send("GET", "/api/quarantine", "dpo-token", Map.of());
    HttpResponse<String> status = send("GET", "/api/status", "dpo-token", Map.of());

    assertThat(quarantine.statusCode()).isEqualTo(200);
    JsonNode list = JSON.readTree(quarantine.body());
    assertThat(list.size()).isEqualTo(1);
    assertThat(list.get(0).get("sourceId").asText()).isEqualTo("asterisk-1");
    assertThat(list.get(0).get("reason").asText()).isNotBlank();
    assertThat(quarantine.body()).doesNotContain("7700900123");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(status.body()).get("drops").get("asterisk-1").get("quarantined").asLong()).isEqualTo(1);
    for (String series : new String[] {"ingestedPerDay", "storedPerDay"}) {
      JsonNode perDay = JSON.readTree(status.body()).get(series);
      assertThat(perDay.size()).as(series).isEqualTo(30);
      assertThat(perDay.has(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString())).as(series).isTrue();
    }
    assertThat(send("GET", "/api/quarantine", "reviewer-token", Map.of()).statusCode()).isEqualTo(403);
    assertThat(send("GET", "/api/status", "auditor-token", Map.of()).statusCode()).isEqualTo(403);
  }
}
