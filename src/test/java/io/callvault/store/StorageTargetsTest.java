package io.callvault.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import io.callvault.config.Settings;
import io.callvault.policy.ExpiryAction;
import io.callvault.policy.LegalBasis;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTargetsTest {
  @TempDir Path dir;

  private static Purpose purpose(String name, String bucket, String target) {
    return new Purpose(name, LegalBasis.LEGAL_OBLIGATION, null, Period.ofYears(1), bucket, "{id}.gpg",
        List.of(Path.of("k")), ExpiryAction.DELETE, null, null, List.of(), target);
  }

  private Settings settings(Map<String, String> values) throws Exception {
    Path file = Files.writeString(dir.resolve("application.properties"), "");
    return Settings.load(file, values);
  }

  @Test
  void eachBucketGoesToTheClientOfItsPurposesTarget() throws Exception {
    Settings s = settings(Map.of("s3.endpoint", "http://127.0.0.1:1", "s3.access-key", "a", "s3.secret-key", "b",
        "storage.archive.endpoint", "http://127.0.0.1:2", "storage.archive.access-key", "c",
        "storage.archive.secret-key", "d"));
    try (StorageTargets targets = StorageTargets.from(s, new PolicySet(List.of(purpose("legal", "b-legal", null),
        purpose("quality", "b-quality", "archive"))))) {
      assertThat(targets.clients()).containsOnlyKeys("default", "archive");
      assertThat(targets.clientOf("b-quality")).isSameAs(targets.clients().get("archive"));
      assertThat(targets.clientOf("b-legal")).isSameAs(targets.clients().get("default"));
      assertThat(targets.clientOf("an-anchor-bucket")).as("buckets no purpose names: the default target")
          .isSameAs(targets.clients().get("default"));
    }
  }

  @Test
  void aPurposeNamingAnUndefinedTargetIsAConfigurationErrorNamingTheKeyAndTheFix() throws Exception {
    assertThatThrownBy(() -> StorageTargets.from(settings(Map.of()), new PolicySet(List.of(purpose("q", "b", "archive")))))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().satisfies(p -> {
          assertThat(p.where()).isEqualTo("purposes.q.target");
          assertThat(p.fix()).contains("storage.archive.endpoint");
        }));
  }

  @Test
  void onlyTargetsSetToMd5AskForTheMd5OfTheirUploads() throws Exception {
    Settings s = settings(Map.of("s3.endpoint", "http://127.0.0.1:1", "s3.access-key", "a", "s3.secret-key", "b",
        "storage.old.endpoint", "http://127.0.0.1:2", "storage.old.access-key", "c", "storage.old.secret-key", "d",
        "storage.old.checksum", "md5"));
    try (StorageTargets targets = StorageTargets.from(s, new PolicySet(List.of(purpose("legal", "b-legal", null),
        purpose("quality", "b-quality", "old"))))) {
      assertThat(targets.store().contentMd5("b-quality")).as("a target set to checksum: md5").isTrue();
      assertThat(targets.store().contentMd5("b-legal")).as("the default: x-amz-checksum-sha256").isFalse();
    }
  }

  @Test
  void anUnknownChecksumIsAConfigurationErrorNamingTheKeyAndTheChoices() throws Exception {
    Settings s = settings(Map.of("s3.endpoint", "http://127.0.0.1:1", "s3.access-key", "a", "s3.secret-key", "b",
        "s3.checksum", "crc32"));
    assertThatThrownBy(() -> StorageTargets.from(s, new PolicySet(List.of(purpose("q", "b", null)))))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().satisfies(p -> {
          assertThat(p.where()).isEqualTo("s3.checksum");
          assertThat(p.fix()).contains("sha256").contains("md5");
        }));
  }

  @Test
  void oneBucketOnTwoTargetsIsRefused() throws Exception {
    Settings s = settings(Map.of("storage.archive.endpoint", "http://127.0.0.1:2"));
    assertThatThrownBy(() -> StorageTargets.from(s, new PolicySet(List.of(purpose("a", "same", null),
        purpose("b", "same", "archive")))))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::where)
            .containsExactly("purposes.b.bucket"));
  }
}
