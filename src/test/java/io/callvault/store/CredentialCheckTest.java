package io.callvault.store;

import static org.assertj.core.api.Assertions.assertThat;

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

class CredentialCheckTest {
  @TempDir Path dir;

  private static final PolicySet POLICIES = new PolicySet(List.of(
      new Purpose("legal", LegalBasis.LEGAL_OBLIGATION, null, Period.ofYears(1), "b-legal", "{id}.gpg",
          List.of(Path.of("k")), ExpiryAction.DELETE, null, null, List.of(), null),
      new Purpose("archive", LegalBasis.LEGAL_OBLIGATION, null, Period.ofYears(1), "b-archive", "{id}.gpg",
          List.of(Path.of("k")), ExpiryAction.DELETE, null, null, List.of(), "cold")));

  private Settings settings(Map<String, String> values) throws Exception {
    return Settings.load(Files.writeString(dir.resolve("application.properties"), ""), values);
  }

  private Path emptyHome() throws Exception {
    return Files.createDirectories(dir.resolve("home"));
  }

  @Test
  void aTargetOnAnS3CompatibleServerWithoutKeysIsAProblemNamingItsKeysAndPurposes() throws Exception {
    Settings s = settings(Map.of("s3.endpoint", "http://127.0.0.1:9000", "s3.access-key", "a", "s3.secret-key", "b",
        "storage.cold.endpoint", "http://minio:9000"));

    List<ConfigProblem> problems = CredentialCheck.problems(s, POLICIES, Map.of(), emptyHome());

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).where()).isEqualTo("storage.cold.access-key");
    assertThat(problems.get(0).problem()).contains("'cold'").contains("archive").contains("no credentials");
    assertThat(problems.get(0).fix()).contains("storage.cold.secret-key");
  }

  @Test
  void keysInTheEnvironmentOrAProfileFileAreCredentialsForTheDefaultChain() throws Exception {
    Settings s = settings(Map.of("s3.endpoint", "http://127.0.0.1:9000", "storage.cold.endpoint", "http://m:9000"));

    assertThat(CredentialCheck.problems(s, POLICIES, Map.of(), emptyHome())).hasSize(2);
    assertThat(CredentialCheck.problems(s, POLICIES,
        Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b"), emptyHome())).isEmpty();
    Path home = emptyHome();
    Files.createDirectories(home.resolve(".aws"));
    Files.writeString(home.resolve(".aws/credentials"), "[default]\n");
    assertThat(CredentialCheck.problems(s, POLICIES, Map.of(), home)).isEmpty();
  }

  @Test
  void anAwsTargetWithoutKeysIsOnlyAWarningBecauseAnInstanceRoleMaySignForIt() throws Exception {
    Settings s = settings(Map.of("storage.cold.endpoint", "http://m:9000", "storage.cold.access-key", "a",
        "storage.cold.secret-key", "b"));

    assertThat(CredentialCheck.problems(s, POLICIES, Map.of(), emptyHome())).isEmpty();
    assertThat(CredentialCheck.warnings(s, POLICIES, Map.of(), emptyHome()))
        .singleElement().asString().contains("'default'").contains("EC2 instance with a role");
  }

  @Test
  void targetsWithStaticKeysNeedNothingElse() throws Exception {
    Settings s = settings(Map.of("s3.access-key", "a", "s3.secret-key", "b", "storage.cold.endpoint", "http://m:9000",
        "storage.cold.access-key", "c", "storage.cold.secret-key", "d"));

    assertThat(CredentialCheck.problems(s, POLICIES, Map.of(), emptyHome())).isEmpty();
    assertThat(CredentialCheck.warnings(s, POLICIES, Map.of(), emptyHome())).isEmpty();
  }
}
