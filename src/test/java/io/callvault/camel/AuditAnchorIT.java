package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.audit.TrailWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The hub anchors its audit trail on audit.anchor.cron (routes/audit-anchor.camel.yaml) and when it stops. */
class AuditAnchorIT extends HubIT {

  @Test
  void scheduledAnchorLetsTheApisVerifyNameTheAnchorThatATrailCutContradicts() throws Exception {
    hub.overrides.put("audit.anchor.cron", "* * * * * ?");
    hub.start();
    ingest("1710498707.8", TestAudio.wav(1, 8));
    ingest("1710498707.7", TestAudio.wav(1, 8));
    long head = hub.hub.beans().auditTrail().lastSeq();
    HubFixture.await("an anchor of entry " + head, WAIT, () -> anchors().stream()
        .anyMatch(f -> f.getFileName().toString().startsWith(String.format("anchor-%012d-", head))));
    Path anchor = anchors().stream()
        .filter(f -> f.getFileName().toString().startsWith(String.format("anchor-%012d-", head))).findFirst().orElseThrow();
    assertThat(Files.readString(anchor)).contains("\"why\" : \"scheduled\"");
    assertThat(hub.hub.camelContext().getRoute("audit-anchor")).isNotNull();

    new TrailWriter(hub.hub.beans().catalog().dataSource(), hub.hub.beans().auditTrail()).truncateAndMoveHead(head - 1);

    HttpResponse<byte[]> verify = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + hub.httpPort + "/api/audit/verify"))
        .header("Authorization", "Bearer auditor-token").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(verify.statusCode()).isEqualTo(409);
    JsonNode result = new ObjectMapper().readTree(verify.body());
    assertThat(result.path("contradictedAnchor").path("location").asText()).isEqualTo(anchor.toString());
    assertThat(result.path("problem").asText()).contains("entry " + head + " was cut")
        .contains(anchor.toString());
  }

  @Test
  void hubAnchorsTheTrailWhenItStopsAfterTheTrailGrew() throws Exception {
    hub.overrides.put("audit.anchor.cron", "0 0 0 1 1 ? 2099");
    hub.start();
    assertThat(anchors()).isEmpty();
    ingest("1710498707.9", TestAudio.wav(1, 8));
    long head = hub.hub.beans().auditTrail().lastSeq();

    Hub running = hub.hub;
    hub.hub = null;
    running.close();

    assertThat(anchors()).singleElement().satisfies(f -> {
      assertThat(f.getFileName().toString()).startsWith(String.format("anchor-%012d-", head));
      assertThat(Files.readString(f)).contains("\"why\" : \"hub-stop\"");
    });
  }

  @Test
  void anErasureAnchorsTheTrailHeadThatRecordsItsCertificate() throws Exception {
    hub.overrides.put("audit.anchor.cron", "0 0 0 1 1 ? 2099");
    hub.start();
    ingest("1710498707.6", TestAudio.wav(1, 8));
    assertThat(anchors()).isEmpty();

    HttpResponse<byte[]> erased = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + hub.httpPort + "/api/subjects/-"))
        .header("Authorization", "Bearer dpo-token").header("X-Callvault-Subject", "+447700900123")
        .DELETE().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(erased.statusCode()).isEqualTo(200);

    long head = hub.hub.beans().auditTrail().lastSeq();
    assertThat(hub.hub.beans().auditTrail().read(head, 1).get(0).action()).isEqualTo("ERASURE");
    assertThat(anchors()).singleElement().satisfies(f -> {
      assertThat(f.getFileName().toString()).startsWith(String.format("anchor-%012d-", head));
      assertThat(Files.readString(f)).contains("\"why\" : \"erasure\"");
    });
  }

  private List<Path> anchors() {
    Path anchors = dir.resolve("audit-anchors");
    if (!Files.isDirectory(anchors)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(anchors)) {
      return files.filter(f -> f.getFileName().toString().startsWith("anchor-")).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
