package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A running hub holds its H2 catalog alone (no AUTO_SERVER port); {@code ./callvault audit|hold} reach it
 * through the catalog's control socket and work as before.
 */
class CommandsThroughHubIT extends HubIT {
  private HubFixture fixture;
  private Path config;

  @BeforeEach
  void start() throws Exception {
    fixture = hub.start();
    config = Files.createDirectories(dir.resolve("cli-config"));
    Files.writeString(config.resolve("application.properties"),
        "catalog.url=" + fixture.overrides.get("catalog.url") + "\n");
  }

  @Test
  void auditVerifyAndHoldsWorkWhileTheHubHoldsTheCatalog() {
    assertThat(cli("hold", "place", "--recording", "rec_abc", "--reason", "dispute", "--by", "dpo", "--review", "2030-01-01", "--config", config.toString()))
        .startsWith("0:").contains("placed on recording rec_abc");
    assertThat(cli("hold", "list", "--config", config.toString())).startsWith("0:").contains("rec_abc");
    assertThat(cli("audit", "verify", "--config", config.toString())).startsWith("0:").contains("intact");
    assertThat(cli("audit", "export", "--config", config.toString())).startsWith("0:").contains("HOLD_PLACED");
  }

  @Test
  void withoutItsSocketTheCommandSaysTheCatalogIsInUse() throws Exception {
    Files.delete(hub.dir.resolve("catalog/callvault.sock"));
    assertThat(cli("audit", "verify", "--config", config.toString())).startsWith("1:").contains("in use by another process");
  }

  @Test
  void aClockOffsetSweepIsRefusedWhileTheHubRuns() {
    assertThat(cli("sweep", "--dry-run", "--clock-offset", "P7M", "--config", config.toString()))
        .startsWith("1:").contains("stop the hub first");
  }

  /** Runs ./callvault as another process would: a JVM of its own (H2 would share the file within one JVM). */
  static String cli(String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return p.exitValue() + ":" + output;
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
