package io.callvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.crypto.PublicKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysCommandTest {
  @Test
  void keysGeneratePutsThePublicKeyInConfigAndRefusesToOverwriteIt(@TempDir Path dir) throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    int first = cli.run(new String[] {"keys", "generate", "quality", "--config", config.toString()});
    int second = cli.run(new String[] {"keys", "generate", "quality", "--config", config.toString()});

    assertThat(first).isZero();
    assertThat(PublicKeys.encryptionKeys(config.resolve("keys/quality.pub.asc"))).isNotEmpty();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("fingerprint");
    assertThat(second).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("exists already");
  }
}
