package io.callvault.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A configuration directory of a test's own, from src/test/resources/test-config: application.properties (test
 * values, no environment variables), policies.yaml (the shipped purposes, encrypted to the test's key) and an empty
 * consent.csv. Tests never read the shipped config/ (except the tests whose subject it is), so that a key added there
 * cannot break them.
 */
public final class TestConfig {
  private TestConfig() {}

  /** Writes the three files into {@code configDir} (created if needed) and returns it. */
  public static Path write(Path configDir, Path recipientPublicKey) throws IOException {
    Files.createDirectories(configDir);
    Files.writeString(configDir.resolve("application.properties"), resource("application.properties"));
    Files.writeString(configDir.resolve("policies.yaml"), resource("policies.yaml")
        .replaceAll("recipients:\\s*\\[[^\\]]*]", "recipients: [" + recipientPublicKey + "]"));
    if (!Files.exists(configDir.resolve("consent.csv"))) {
      Files.writeString(configDir.resolve("consent.csv"), "subject,training,quality\n");
    }
    return configDir;
  }

  /** The text of a file of src/test/resources/test-config. */
  public static String resource(String name) throws IOException {
    try (InputStream in = TestConfig.class.getResourceAsStream("/test-config/" + name)) {
      if (in == null) {
        throw new IOException("test resource test-config/" + name + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
