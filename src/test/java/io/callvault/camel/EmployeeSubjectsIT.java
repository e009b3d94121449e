package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.source.RecordingIdentifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Employees are data subjects too, through the whole hub over real SFTP and S3: the agents' extensions of a FreePBX
 * source and the owner in an Avaya source's metadata are mapped to employees by the CSV employee directory at the
 * call's time, and the rights API answers {@code X-Callvault-Subject: employee:<id>}.
 */
class EmployeeSubjectsIT extends HubIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DAY = "2024/03/15/";
  /** Extension 201 of asterisk-1 changes hands on 2024-03-16; avaya-1's 201 stays E1001's. */
  private static final String DIRECTORY = """
      extension,employee,valid_from,valid_to,source
      201,E1001,2023-01-01,2024-03-16,asterisk-1
      201,E2002,2024-03-16,,asterisk-1
      201,E1001,,,avaya-1
      """;

  private CapturedLogs logs;
  private String before;
  private String after;
  private String avaya;

  @BeforeEach
  void threeCallsOfExtension201() throws Exception {
    logs = new CapturedLogs();
    Files.writeString(dir.resolve("employees.csv"), DIRECTORY);
    hub.overrides.put("employees.source", "csv");
    hub.overrides.put("employees.csv.file", dir.resolve("employees.csv").toString());
    // the customers consented to training, so each call has a training, a quality and a legal copy
    Files.writeString(dir.resolve("consent.csv"), "subject,training\n+447700900123,granted\n+447700900456,granted\n");
    Path avayaDrop = hub.addSource("avaya-1", "avaya", "config/formats/avaya-contactstore.yaml", "avaya", Map.of());
    hub.start();
    String first = DAY + "in-201-07700900123-20240315-103000-1710498600.31.wav";
    String later = "2024/03/17/in-201-07700900456-20240317-090000-1710666000.40.wav";
    List<Path> files = new ArrayList<>(List.of(hub.dropFile(first, TestAudio.wav(1, 31)),
        hub.dropFile(later, TestAudio.wav(1, 32)),
        HubFixture.dropInto(avayaDrop, DAY + "CS-000123.xml", FormatsIT.fixture("avaya/contactstore-inbound.xml")),
        HubFixture.dropInto(avayaDrop, DAY + "CS-000123.wav", TestAudio.wav(1, 33))));
    for (Path f : files) {
      HubFixture.await(f.getFileName() + " leaves the drop", WAIT, () -> !Files.exists(f));
    }
    before = recordingId(first);
    after = recordingId(later);
    avaya = RecordingIdentifier.recordingId("avaya-1", "CS-2024-0315-000123");
  }

  @org.junit.jupiter.api.AfterEach
  void stopCapturing() {
    logs.close();
  }

  @Test
  void theEmployeeIsKeyedInObjectMetadataAndNeverNamedInTheLogs() throws Exception {
    software.amazon.awssdk.services.s3.S3Client s3 = hub.hub.camelContext().getRegistry()
        .lookupByNameAndType("s3Client-default", software.amazon.awssdk.services.s3.S3Client.class);
    io.callvault.catalog.CopyEntry quality = hub.hub.beans().catalog().findCopy(before, "quality").orElseThrow();
    assertThat(s3.headObject(b -> b.bucket(quality.bucket()).key(quality.objectKey())).metadata())
        .containsEntry("call-agent", hub.hub.beans().subjectKeys().keyOf("employee:E1001"));
    recordings("employee:E1001");
    assertThat(logs.since(0)).isNotEmpty().noneMatch(l -> l.contains("E1001") || l.contains("E2002"));
  }

  @Test
  void anAgentFindsTheirCallsAcrossTwoSourcesAndTheAgentWhoTookOverTheExtensionLaterDoesNot() throws Exception {
    JsonNode first = recordings("employee:E1001");
    assertThat(recordingIds(first)).as("E1001's calls, on the FreePBX and on the Avaya recorder")
        .containsExactlyInAnyOrder(before, avaya);
    assertThat(first.get("subject_key").asText()).isEqualTo(hub.hub.beans().subjectKeys().keyOf("employee:E1001"));
    assertThat(recordingIds(recordings("employee:E2002"))).as("E2002 took extension 201 over on 2024-03-16")
        .containsExactly(after);
    assertThat(recordingIds(recordings("+447700900123"))).as("the customer still finds their calls")
        .containsExactlyInAnyOrder(before, avaya);
    assertThat(recordingIds(recordings("employee:E9999"))).as("an unknown employee finds nothing").isEmpty();
  }

  @Test
  void theAccessPackageOfAnAgentListsTheirCallsInItsStatement() throws Exception {
    HttpResponse<byte[]> zip = send("POST", "/export", "employee:E1001", HttpResponse.BodyHandlers.ofByteArray());
    assertThat(zip.statusCode()).isEqualTo(200);
    String statement = new String(entry(zip.body(), "statement.txt"), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(statement).contains(before, avaya).doesNotContain(after);
  }

  @Test
  void theAccessStatementIsInTheLanguageTheRequestAsksForAndAnUnknownLanguageIsRefused() throws Exception {
    HttpResponse<byte[]> fr = send("POST", "/export?lang=fr", "employee:E2002", HttpResponse.BodyHandlers.ofByteArray());
    assertThat(fr.statusCode()).isEqualTo(200);
    assertThat(new String(entry(fr.body(), "statement.txt"), java.nio.charset.StandardCharsets.UTF_8))
        .contains("Accès aux données personnelles", "Nous détenons 3 copies", after);
    HttpResponse<String> de = send("POST", "/export?lang=de", "employee:E2002", HttpResponse.BodyHandlers.ofString());
    assertThat(de.statusCode()).isEqualTo(400);
    assertThat(de.body()).contains("lang must be fr or en");
  }

  @Test
  void anAgentsErasureFollowsEachPurposesRuleAndKeepsTheLegalCopyWithItsReason() throws Exception {
    HttpResponse<String> answer = send("DELETE", "", "employee:E1001", HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode certificate = JSON.readTree(answer.body());
    for (JsonNode copy : certificate.get("copies")) {
      String purpose = copy.get("purpose").asText();
      switch (purpose) {
        case "training" -> assertThat(copy.get("outcome").asText()).as("training: employee-erasure delete")
            .isEqualTo("ERASED");
        case "quality" -> assertThat(copy.get("reason").asText()).as("quality: employee-erasure keep, with its reason")
            .contains("employee-erasure: keep", "the service the customer received");
        default -> assertThat(copy.get("reason").asText()).as("legal: a legal obligation")
            .startsWith("Art. 17(3)(b)");
      }
      if (!purpose.equals("training")) {
        assertThat(copy.get("outcome").asText()).isEqualTo("KEPT");
      }
    }
    assertThat(certificate.get("copies")).extracting(c -> c.get("recordingId").asText())
        .containsOnly(before, avaya).hasSize(6);
    assertThat(hub.hub.beans().catalog().findCopy(after, "training")).get()
        .satisfies(c -> assertThat(c.state()).as("E2002's call is untouched").isEqualTo("STORED"));
    assertThat(String.join("\n", hub.hub.beans().auditTrail().read(0, 100_000).stream().map(Object::toString).toList()))
        .as("the audit names the employee by key only").doesNotContain("E1001");
  }

  @Test
  void aLegalHoldOnAnAgentKeepsTheirCallsThroughTheirErasure() throws Exception {
    String hold = "{\"scope\":\"subject\",\"target\":\"employee:E1001\",\"reason\":\"employment tribunal\","
        + "\"review_at\":\"2030-01-01\"}";
    HttpResponse<String> placed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + hub.httpPort + "/api/holds")).header("Authorization", "Bearer dpo-token")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(hold)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);
    assertThat(placed.body()).doesNotContain("E1001");
    JsonNode certificate = JSON.readTree(send("DELETE", "", "employee:E1001", HttpResponse.BodyHandlers.ofString()).body());
    assertThat(certificate.get("copies")).hasSize(6).allSatisfy(c -> {
      assertThat(c.get("outcome").asText()).isEqualTo("KEPT");
      assertThat(c.get("reason").asText()).containsAnyOf("Art. 17(3)(e)", "Art. 17(3)(b)", "employee-erasure: keep");
    });
    assertThat(certificate.get("copies")).filteredOn(c -> c.get("purpose").asText().equals("training"))
        .allSatisfy(c -> assertThat(c.get("reason").asText()).startsWith("Art. 17(3)(e)"));
  }

  private JsonNode recordings(String subject) throws Exception {
    HttpResponse<String> r = send("GET", "/recordings", subject, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static List<String> recordingIds(JsonNode answer) {
    List<String> ids = new ArrayList<>();
    answer.get("copies").forEach(c -> {
      if (!ids.contains(c.get("recordingId").asText())) {
        ids.add(c.get("recordingId").asText());
      }
    });
    return ids;
  }

  private <T> HttpResponse<T> send(String method, String path, String subject, HttpResponse.BodyHandler<T> body)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort + "/api/subjects/-" + path))
        .header("Authorization", "Bearer dpo-token").header("X-Callvault-Subject", subject)
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return HttpClient.newHttpClient().send(request, body);
  }

  static byte[] entry(byte[] zip, String name) throws Exception {
    try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().equals(name)) {
          return in.readAllBytes();
        }
      }
    }
    throw new AssertionError("no " + name + " in the package");
  }
}
