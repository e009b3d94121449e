package io.callvault.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyMetadataTest {
  private static Path policy(Path dir, String metadata) throws Exception {
    Files.writeString(dir.resolve("k.pub.asc"), "placeholder");
    Path file = dir.resolve("policies.yaml");
    Files.writeString(file, """
        purposes:
          - name: quality
            legal-basis: legitimate-interest
            retention: P6M
            bucket: callvault-quality
            key-template: "{yyyy}/{id}.{ext}.gpg"
            recipients: [k.pub.asc]
            on-expiry: delete
        """ + (metadata == null ? "" : "    metadata: " + metadata + "\n"));
    return file;
  }

  @Test
  void purposeKeepsOnlyTheMetadataFieldsItDeclares(@TempDir Path dir) throws Exception {
    assertThat(Policies.load(policy(dir, "[direction, duration]"), dir).purposes().get(0).metadata())
        .containsExactly("direction", "duration");
    assertThat(Policies.load(policy(dir, null), dir).purposes().get(0).metadata()).isEmpty();
  }

  @Test
  void callerNumberCanNeverBeDeclaredAsMetadata(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> Policies.load(policy(dir, "[direction, caller, colour]"), dir))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.problems()).hasSize(2);
          assertThat(e.problems().get(0).where()).startsWith("purposes[0].metadata[1]");
          assertThat(e.problems().get(0).problem()).contains("phone number");
          assertThat(e.problems().get(1).problem()).contains("unknown metadata field 'colour'");
        });
  }
}
