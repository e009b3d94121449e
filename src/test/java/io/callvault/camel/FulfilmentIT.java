package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.audit.AuditAction;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * Deleting when the purpose is met: quality declares on-fulfilment P2W (config/policies.yaml). A copy marked
 * fulfilled over the API or with ./callvault fulfil (through the running hub's control socket) is kept two more
 * weeks, then the sweep anonymises it; a legal hold still wins.
 */
class FulfilmentIT extends HubIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String path, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort + path))
        .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String fulfilled(String id, String purpose) {
    return "/api/recordings/" + id + "/purposes/" + purpose + "/fulfilled";
  }

  /** The CLI's configuration: the hub's catalog, so that commands go through its control socket. */
  private String config() throws Exception {
    Path config = Files.createDirectories(dir.resolve("cli-config"));
    Files.writeString(config.resolve("application.properties"), "catalog.url=" + hub.overrides.get("catalog.url") + "\n");
    return config.toString();
  }

  @Test
  void aReviewerMarksQualityFulfilledOverTheApiAndTheSweepAnonymisesItTwoWeeksLater() throws Exception {
    hub.consentCsv("subject,training,quality\n+447700900123,granted,\n").start();
    String id = ingest("1710498990.1", TestAudio.wav(1, 51));
    Catalog catalog = hub.hub.beans().catalog();
    CopyEntry before = catalog.findCopy(id, "quality").orElseThrow();

    HttpResponse<String> r = post(fulfilled(id, "quality"), "reviewer-token");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    Instant until = Instant.parse(body.get("retain_until").asText());
    assertThat(until).isCloseTo(Instant.now().plus(Duration.ofDays(14)), within(1, ChronoUnit.MINUTES));
    assertThat(body.get("previous_retain_until").asText()).isEqualTo(before.retainUntil().toString());
    assertThat(body.get("shortened").asBoolean()).isTrue();
    assertThat(catalog.findCopy(id, "quality").orElseThrow().retainUntil()).isEqualTo(until);
    assertThat(hub.hub.beans().auditTrail().read(0, 1000)).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo(AuditAction.PURPOSE_FULFILLED);
      assertThat(e.actor()).isEqualTo("reviewer");
      assertThat(e.target()).isEqualTo(id);
      assertThat(e.reason()).contains("quality", "on-fulfilment P14D");
    });

    String config = config();
    assertThat(CommandsThroughHubIT.cli("sweep", "--config", config)).startsWith("0:");
    assertThat(catalog.findCopy(id, "quality").orElseThrow().state()).as("two weeks are not over").isEqualTo("STORED");
    hub.clock.advance(Duration.ofDays(15));
    assertThat(CommandsThroughHubIT.cli("sweep", "--config", config)).startsWith("0:");

    assertThat(catalog.findCopy(id, "quality").orElseThrow().state()).isEqualTo(CopyEntry.ANONYMISED);
    assertThat(hub.hub.beans().objectStore().exists(before.bucket(), before.objectKey())).isFalse();
    assertThat(catalog.findCopy(id, "training").orElseThrow().state()).isEqualTo(CopyEntry.STORED);
    assertThat(catalog.findCopy(id, "legal").orElseThrow().state()).isEqualTo(CopyEntry.STORED);
  }

  @Test
  void aPurposeWithoutOnFulfilmentAnotherPurposesReviewerAndAnUnknownRecordingAreRefusedClearly() throws Exception {
    hub.consentCsv("subject,training,quality\n+447700900123,granted,\n").start();
    String id = ingest("1710498991.1", TestAudio.wav(1, 52));

    HttpResponse<String> legal = post(fulfilled(id, "legal"), "dpo-token");
    assertThat(legal.statusCode()).isEqualTo(409);
    assertThat(legal.body()).contains("purpose 'legal' declares no on-fulfilment", "on-fulfilment: P2W");
    assertThat(post(fulfilled(id, "quality"), "trainer-token").statusCode()).as("a training reviewer").isEqualTo(403);
    assertThat(post(fulfilled(id, "quality"), "auditor-token").statusCode()).isEqualTo(403);
    assertThat(post(fulfilled("rec_000000000000000000000000", "quality"), "dpo-token").statusCode()).isEqualTo(404);
    assertThat(post(fulfilled(id, "marketing"), "dpo-token").statusCode()).isEqualTo(400);
    assertThat(hub.hub.beans().catalog().copiesOf(id)).allSatisfy(c -> assertThat(c.retainUntil())
        .isAfter(Instant.now().plus(Duration.ofDays(365))));
  }

  @Test
  void theCommandMarksItThroughTheRunningHubAndAHoldStillWinsAtTheSweep() throws Exception {
    hub.consentCsv("subject,training,quality\n").start();
    String id = ingest("1710498992.1", TestAudio.wav(1, 53));
    String config = config();

    assertThat(CommandsThroughHubIT.cli("fulfil", id, "legal", "--config", config))
        .startsWith("1:").contains("purpose 'legal' declares no on-fulfilment");
    assertThat(CommandsThroughHubIT.cli("fulfil", id, "quality", "--by", "dpo@example.com", "--config", config))
        .startsWith("0:").contains("copy " + id + "/quality fulfilled: retain-until");
    assertThat(hub.hub.beans().auditTrail().read(0, 1000)).anySatisfy(e -> {
      assertThat(e.action()).isEqualTo(AuditAction.PURPOSE_FULFILLED);
      assertThat(e.actor()).isEqualTo("dpo@example.com");
    });
    assertThat(CommandsThroughHubIT.cli("hold", "place", "--recording", id, "--reason", "complaint 7", "--by", "dpo",
        "--review", "2031-01-01", "--config", config)).startsWith("0:");
    hub.clock.advance(Duration.ofDays(15));

    assertThat(CommandsThroughHubIT.cli("sweep", "--config", config)).startsWith("0:");
    assertThat(hub.hub.beans().catalog().findCopy(id, "quality").orElseThrow().state()).as("held").isEqualTo("STORED");
  }
}
