package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.TestPostgres;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./callvault status} from another process while a hub runs: on H2 through the hub's control socket, on
 * PostgreSQL on the catalog directly.
 */
class StatusIT extends HubIT {
  private static final String CONSENT = "subject,training,quality\n+447700900123,denied,granted\n";

  @Test
  void statusWhileAHubRunsOnH2ShowsDropsBadInputPurposesSweepErasuresAndTheAuditTrail() throws Exception {
    Path config = Files.createDirectories(dir.resolve("cli-config"));
    runHubWithOneRecordingAndOneQuarantine();
    Files.writeString(config.resolve("application.properties"), "catalog.url=" + hub.overrides.get("catalog.url") + "\n");

    assertStatus(config);
  }

  @Test
  void statusWhileAHubRunsOnPostgresReadsTheCatalogDirectly() throws Exception {
    CatalogSettings pg = TestPostgres.get().freshSchema();
    hub.catalog(pg);
    runHubWithOneRecordingAndOneQuarantine();
    Path config = Files.createDirectories(dir.resolve("cli-config"));
    Properties p = new Properties();
    hub.overrides.forEach(p::setProperty);
    p.setProperty("camel.server.enabled", "false");
    StringWriter w = new StringWriter();
    p.store(w, "the hub's settings");
    Files.writeString(config.resolve("application.properties"),
        io.callvault.testing.TestConfig.resource("application.properties") + "\n" + w);

    assertStatus(config);
  }

  private void runHubWithOneRecordingAndOneQuarantine() throws Exception {
    hub.overrides.put("callvault.drop.hidden-check-interval", "PT0S");
    hub.consentCsv(CONSENT).start();
    String recording = ingest("1710498600.1", TestAudio.wav(1, 1));
    hub.hub.beans().holds().place(io.callvault.retention.HoldScope.RECORDING, recording, "dispute", "dpo",
        java.time.Instant.parse("2030-01-01T00:00:00Z"));
    Path bad = hub.dropFile("2024/03/15/not-a-recording-name.wav", TestAudio.wav(1, 3));
    HubFixture.await("the bad file quarantined", WAIT, () -> !Files.exists(bad));
    hub.dropFile("2024/03/15/.partial-upload.wav", TestAudio.wav(1, 2));
    HubFixture.await("the hidden file reported", WAIT, () -> new io.callvault.catalog.StatusQueries(
        hub.hub.beans().catalog()).badInputs().getOrDefault("hidden-file", 0L) == 1L);
    HubFixture.await("the drop's poll recorded with nothing waiting", WAIT, () -> hub.hub.beans().catalog() != null
        && new io.callvault.catalog.StatusQueries(hub.hub.beans().catalog()).drops().values().stream()
            .anyMatch(d -> d.filesWaiting() == 0));
  }

  private void assertStatus(Path config) throws Exception {
    String text = cli("status", "--config", config.toString());
    System.out.println("./callvault status:\n" + text.substring(2));
    assertThat(text).startsWith("0:").contains("callvault status at")
        .containsPattern("asterisk-1 +waiting 0, oldest -, quarantined 1, last poll ")
        .containsPattern("training +stored today 0, total 0; discarded 1; next expiry -; under hold 0")
        .containsPattern("quality +stored today 1, total 1; discarded 0; next expiry \\d{4}-\\d\\d-\\d\\d; under hold 1")
        .contains("bad input reported without a quarantine row (all drops, in total): hidden-file 1")
        .contains("last sweep: none yet").contains("erasures pending: 0").contains("audit trail intact");
    assertThat(text).doesNotContain("07700900123").doesNotContain("not-a-recording-name");

    String json = cli("status", "--json", "--config", config.toString());
    assertThat(json).startsWith("0:");
    System.out.println("./callvault status --json:\n" + json.substring(2));
    JsonNode s = new ObjectMapper().readTree(json.substring(2));
    assertThat(s.path("drops").path("asterisk-1").path("quarantined").asLong()).isEqualTo(1);
    assertThat(s.path("drops").path("asterisk-1").path("lastPoll").asText()).isNotEmpty();
    assertThat(s.path("badInputs").path("hidden-file").asLong()).isEqualTo(1);
    assertThat(s.path("purposes").path("quality").path("stored").asLong()).isEqualTo(1);
    assertThat(s.path("purposes").path("quality").path("underHold").asLong()).isEqualTo(1);
    assertThat(s.path("purposes").path("training").path("discarded").asLong()).isEqualTo(1);
    assertThat(s.path("erasures").path("pending").asLong()).isZero();
    assertThat(s.path("audit").path("verifies").asBoolean()).isTrue();
  }

  /** Runs ./callvault as another process would: a JVM of its own; "exit code:output". */
  private static String cli(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue() + ":" + output;
  }
}
