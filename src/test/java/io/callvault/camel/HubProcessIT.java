package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditEntry;
import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hub as the launcher runs it ({@code java -cp target/classes:target/lib/* io.callvault.camel.Main run}),
 * in a child process, stopped with SIGTERM.
 */
class HubProcessIT extends HubIT {

  @Test
  void refusalCountsOfAFloodAreInTheAuditTrailAfterSigterm() throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    StringBuilder props = new StringBuilder(io.callvault.testing.TestConfig.resource("application.properties"));
    props.append("\n# the test's hub\n");
    for (Map.Entry<String, String> e : hub.overrides.entrySet()) {
      props.append(e.getKey()).append('=').append(e.getValue().replace("\\", "\\\\")).append('\n');
    }
    props.append("api.denied-audit-window=PT1H\n");
    Files.writeString(config.resolve("application.properties"), props);
    Path log = dir.resolve("hub.log");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", "target/classes" + File.pathSeparator + "target/lib/*", "io.callvault.camel.Main", "run",
        "--config", config.toString(), "--routes", hub.routes.toString())
        .directory(HubFixture.REPO.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      try {
        HubFixture.await("the child hub's HTTP API", WAIT, () -> readable(log).contains("HTTP API listening on"));
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; its output:\n" + readable(log), e);
      }
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < 50; i++) {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + hub.httpPort + "/api/holds")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).as(() -> readable(log)).isEqualTo(401);
      }

      child.destroy(); // SIGTERM
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("the hub stops within 60 s of SIGTERM").isTrue();
    } finally {
      child.destroyForcibly();
    }

    List<AuditEntry> denied;
    try (Catalog catalog = Catalog.open(new CatalogSettings(hub.overrides.get("catalog.url"), "sa", ""))) {
      denied = new AuditTrail(catalog, Clock.systemUTC()).read(1, 10_000).stream()
          .filter(e -> e.action().equals(AuditAction.DENIED_REQUEST)).toList();
    }
    assertThat(denied).as(readable(log)).extracting(AuditEntry::reason)
        .hasSize(2)
        .first().isEqualTo("401: no valid credential");
    assertThat(denied.get(1).reason()).startsWith("49 more since ").endsWith(": 401: no valid credential");
  }

  private static String readable(Path log) {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
