package io.callvault.notice;

import io.callvault.config.Settings;
import io.callvault.policy.Policies;
import io.callvault.policy.PolicySet;
import io.callvault.testing.TestConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The test configuration (src/test/resources/test-config) with a recipient key file that only has to exist. */
final class NoticeFixtures {
  private NoticeFixtures() {}

  static Path configDir(Path tmp) throws IOException {
    Path key = Files.writeString(Files.createDirectories(tmp.resolve("keys")).resolve("test.pub.asc"), "fixture");
    return TestConfig.write(tmp.resolve("config"), key);
  }

  static PolicySet policies(Path configDir) {
    return Policies.load(configDir.resolve("policies.yaml"), configDir);
  }

  static Settings settings(Path configDir, Map<String, String> overrides) {
    return Settings.load(configDir.resolve("application.properties"), overrides);
  }
}
