package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Health and metrics on Camel's management server, as an operator's probe and Prometheus see them: the hub's
 * readiness checks (each drop, S3, the catalog, the consent source) and its metrics at /observe/metrics.
 */
class ObserveIT extends HubIT {
  private static final String CONSENT = "subject,training,quality\n+447700900123,granted,granted\n";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.managementPort + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode check(JsonNode health, String id) {
    for (JsonNode c : health.path("checks")) {
      if (id.equals(c.path("name").asText())) {
        return c;
      }
    }
    throw new AssertionError("no check " + id + " in " + health);
  }

  private JsonNode health(String path) throws Exception {
    return new ObjectMapper().readTree(get(path).body());
  }

  @Test
  void readinessNamesEachDropStorageCatalogAndConsentAndAFailedCheckItsCauseWithoutSecrets() throws Exception {
    hub.overrides.put("callvault.dependency-check-interval", "PT0.3S");
    hub.consentCsv(CONSENT).start();
    ingest("1710498600.1", TestAudio.wav(1, 1));
    HubFixture.await("every readiness check up", WAIT, () -> {
      try {
        return get("/observe/health/ready").statusCode() == 200;
      } catch (Exception e) {
        return false;
      }
    });
    System.out.println("GET /observe/health/ready (all up):\n" + get("/observe/health/ready").body());
    JsonNode ready = health("/observe/health/ready");
    for (String id : new String[] {"callvault-sftp-asterisk-1", "callvault-storage", "callvault-storage-default",
        "callvault-catalog",
        "callvault-consent"}) {
      assertThat(check(ready, id).path("status").asText()).as(id).isEqualTo("UP");
    }
    assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);

    hub.stopS3();
    HubFixture.await("storage reported down", WAIT, () -> {
      try {
        return get("/observe/health/ready").statusCode() == 503;
      } catch (Exception e) {
        return false;
      }
    });
    String body = get("/observe/health/ready").body();
    System.out.println("GET /observe/health/ready (S3 down):\n" + body);
    JsonNode storage = check(new ObjectMapper().readTree(body), "callvault-storage");
    assertThat(storage.path("status").asText()).isEqualTo("DOWN");
    assertThat(storage.toString()).contains("s3 is down").contains("s3.endpoint");
    assertThat(check(new ObjectMapper().readTree(body), "callvault-storage-default").path("message").asText())
        .startsWith("storage target default is down: S3 at http").contains("(s3.endpoint)");
    assertThat(body).doesNotContain(hub.s3.secretKey()).doesNotContain("secret-pw");

    hub.stopSftp();
    HubFixture.await("the drop reported down", WAIT, () -> {
      try {
        return "DOWN".equals(check(health("/observe/health/ready"), "callvault-sftp-asterisk-1").path("status").asText());
      } catch (Exception e) {
        return false;
      }
    });
    String sftpDown = get("/observe/health").body();
    System.out.println("GET /observe/health (SFTP down):\n" + sftpDown);
    assertThat(check(new ObjectMapper().readTree(sftpDown), "callvault-sftp-asterisk-1").path("message").asText())
        .startsWith("sftp:asterisk-1 is down");
    assertThat(sftpDown).doesNotContain("secret-pw").doesNotContain(hub.s3.secretKey());
  }

  @Test
  void eachStorageTargetHasItsOwnCheckNamingItsEndpointKey() throws Exception {
    try (io.callvault.demo.EmbeddedS3Server archive = new io.callvault.demo.EmbeddedS3Server(dir.resolve("s3-archive"))
        .start()) {
      Path policies = hub.dir.resolve("policies.yaml");
      Files.writeString(policies, Files.readString(policies).replace("bucket: callvault-quality",
          "bucket: callvault-quality-archive\n    target: archive"));
      hub.overrides.put("storage.archive.endpoint", archive.endpoint().toString());
      hub.overrides.put("storage.archive.access-key", archive.accessKey());
      hub.overrides.put("storage.archive.secret-key", archive.secretKey());
      hub.overrides.put("callvault.dependency-check-interval", "PT0.3S");
      hub.consentCsv(CONSENT).start();
      HubFixture.await("both targets checked up", WAIT, () -> status("callvault-storage-archive").equals("UP")
          && status("callvault-storage-default").equals("UP"));

      archive.close();
      // each check is computed on its own: the aggregate may follow its target a moment later
      HubFixture.await("the archive target and the storage check reported down", WAIT,
          () -> status("callvault-storage-archive").equals("DOWN") && status("callvault-storage").equals("DOWN"));
      JsonNode ready = health("/observe/health/ready");
      assertThat(check(ready, "callvault-storage-archive").path("message").asText())
          .startsWith("storage target archive is down").contains("(storage.archive.endpoint)");
      assertThat(check(ready, "callvault-storage-default").path("status").asText()).isEqualTo("UP");
      assertThat(check(ready, "callvault-storage").path("status").asText()).as("claims stop").isEqualTo("DOWN");
    }
  }

  private String status(String check) {
    try {
      return check(health("/observe/health/ready"), check).path("status").asText();
    } catch (Exception | AssertionError e) {
      return "?";
    }
  }

  @Test
  void metricsCountRecordingsBytesFailuresConsentSweepsErasuresAndTheAuditHead() throws Exception {
    hub.overrides.put("retention.cron", "0/1 * * * * ?");
    hub.consentCsv(CONSENT).start();
    ingest("1710498600.1", TestAudio.wav(1, 1));
    ingest("1710498600.2", TestAudio.wav(1, 2)); // the same caller: consent from the cache
    Path bad = hub.dropFile("2024/03/15/not-a-recording-name.wav", TestAudio.wav(1, 3));
    HubFixture.await("the bad file quarantined", WAIT, () -> !Files.exists(bad));
    HubFixture.await("a sweep ran", WAIT, () -> {
      try {
        return get("/observe/metrics").body().contains("callvault_sweep_actions_total");
      } catch (Exception e) {
        return false;
      }
    });

    HttpResponse<String> r = get("/observe/metrics");

    assertThat(r.statusCode()).isEqualTo(200);
    String m = r.body();
    System.out.println("GET /observe/metrics:\n" + m);
    assertThat(m).contains("callvault_recordings_total{outcome=\"ingested\",purpose=\"quality\",source=\"asterisk-1\"} 2.0")
        .contains("callvault_recordings_total{outcome=\"quarantined\",purpose=\"none\",source=\"asterisk-1\"} 1.0")
        .contains("callvault_stored_bytes_total{purpose=\"quality\",source=\"asterisk-1\"}")
        .contains("callvault_failures_total{kind=\"bad-file\",step=\"identify\"} 1.0")
        .contains("callvault_drop_oldest_waiting_seconds{source=\"asterisk-1\"}")
        .contains("callvault_drop_last_poll_seconds{source=\"asterisk-1\"}")
        .contains("callvault_consent_answers_total{status=\"GRANTED\"}")
        .contains("callvault_consent_cache_total{result=\"hit\"} 1.0")
        .contains("callvault_consent_cache_total{result=\"miss\"} 1.0")
        .contains("callvault_sweep_actions_total{kind=\"delete\"}")
        .contains("callvault_erasures_pending 0.0")
        .contains("callvault_bad_inputs{kind=\"hidden-file\"}").contains("callvault_bad_inputs{kind=\"cdr-malformed-row\"}")
        .contains("callvault_audit_head_sequence ")
        .contains("camel_exchanges_total");
    HubFixture.await("no file waiting any more", WAIT, () -> {
      try {
        return get("/observe/metrics").body().contains("callvault_drop_oldest_waiting_seconds{source=\"asterisk-1\"} 0.0");
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(m).doesNotContain("07700900123").doesNotContain("447700900123").doesNotContain("not-a-recording-name");
  }
}
