package io.callvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.crypto.KeyPairs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./callvault run} with its PostgreSQL catalog unreachable: after catalog.start-wait it exits with code 75
 * (temporary failure, for the service manager to restart it) and a message naming catalog.url, not with the
 * code 1 of a configuration error.
 */
class StartWithoutCatalogTest {
  @TempDir Path dir;

  @Test
  void runExitsWithTemporaryFailureAndNamesCatalogUrlWhenTheDatabaseCannotBeReached() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = Files.createDirectories(dir.resolve("config"));
    KeyPairs.generate("any", "start test <t@callvault.invalid>", dir.resolve("keys"));
    io.callvault.testing.TestConfig.write(config, dir.resolve("keys/any.pub.asc"));
    Files.writeString(config.resolve("consent.csv"), "subject,training\n");
    Files.writeString(config.resolve("application.properties"), String.join("\n",
        "callvault.policies=" + config.resolve("policies.yaml"),
        "callvault.subject-key-secret=0123456789abcdef0123456789abcdef",
        "consent.source=csv",
        "consent.csv.file=consent.csv",
        "catalog.url=jdbc:postgresql://127.0.0.1:" + port + "/callvault",
        "catalog.user=callvault",
        "catalog.password=not-shown-0000",
        "catalog.start-wait=PT0S",
        "s3.endpoint=http://127.0.0.1:1", ""));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(new String[] {"run", "--config", config.toString()});

    String message = err.toString(StandardCharsets.UTF_8);
    assertThat(code).isEqualTo(Cli.TEMPORARY_FAILURE).isEqualTo(75);
    assertThat(message).contains("jdbc:postgresql://127.0.0.1:" + port + "/callvault (catalog.url)")
        .contains("catalog.start-wait").contains("Exit code 75").doesNotContain("not-shown-0000");
  }
}
