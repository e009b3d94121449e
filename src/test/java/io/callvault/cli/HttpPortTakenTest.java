package io.callvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./callvault run} whose HTTP API port another process holds: the hub does not start (Vert.x alone would
 * only log the failed bind and the hub would ingest on without its API); exit code 1 and a message naming
 * camel.server.port and the fix. Nothing else is opened first: the catalog here does not even exist.
 */
class HttpPortTakenTest {
  @TempDir Path dir;

  @Test
  void runStopsWithExitCode1NamingCamelServerPortWhenTheApiPortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Path config = Files.createDirectories(dir.resolve("config"));
      Files.writeString(config.resolve("application.properties"), String.join("\n",
          "camel.server.enabled=true",
          "camel.server.host=127.0.0.1",
          "camel.server.port=" + taken.getLocalPort(),
          "callvault.subject-key-secret=0123456789abcdef0123456789abcdef",
          "catalog.url=jdbc:postgresql://127.0.0.1:1/never-opened", ""));
      ByteArrayOutputStream err = new ByteArrayOutputStream();

      int code = new Cli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8)).run(new String[] {"run", "--config", config.toString()});

      String message = err.toString(StandardCharsets.UTF_8);
      assertThat(code).isEqualTo(1);
      assertThat(message).contains("camel.server.port").contains("127.0.0.1:" + taken.getLocalPort())
          .contains("set camel.server.port").contains("camel.server.enabled=false").doesNotContain("catalog");
    }
  }
}
