package io.callvault.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional retention keys of a purpose: object-lock and pseudonymise-after. */
class PoliciesRetentionKeysTest {

  @TempDir Path configDir;

  private Path write(String basis, String... extra) throws IOException {
    Files.createDirectories(configDir.resolve("keys"));
    Files.writeString(configDir.resolve("keys/k.pub.asc"), "fixture");
    StringBuilder b = new StringBuilder("purposes:\n  - name: p\n    legal-basis: " + basis + "\n");
    if (basis.equals("consent")) {
      b.append("    consent-flag: p\n");
    }
    b.append("    retention: P6M\n    bucket: callvault-p\n    key-template: \"{yyyy}/{id}.{ext}.gpg\"\n")
        .append("    recipients: [keys/k.pub.asc]\n    on-expiry: delete\n");
    for (String line : extra) {
      b.append("    ").append(line).append('\n');
    }
    Path file = configDir.resolve("policies.yaml");
    Files.writeString(file, b.toString());
    return file;
  }

  private List<ConfigProblem> problems(Path file) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> Policies.load(file, configDir));
    assertThat(e).as("expected a ConfigException").isNotNull();
    return e.problems();
  }

  @Test
  void optionalKeysAreAbsentByDefault() throws IOException {
    Purpose p = Policies.load(write("consent"), configDir).purposes().get(0);
    assertThat(p.objectLock()).isNull();
    assertThat(p.pseudonymiseAfter()).isNull();
  }

  @Test
  void objectLockAndPseudonymiseAfterAreRead() throws IOException {
    Purpose p = Policies.load(write("legal-obligation", "object-lock: compliance", "pseudonymise-after: P30D"),
        configDir).purposes().get(0);
    assertThat(p.objectLock()).isEqualTo(ObjectLockMode.COMPLIANCE);
    assertThat(p.pseudonymiseAfter()).isEqualTo(Period.ofDays(30));
  }

  @Test
  void governanceLockIsAllowedOnAConsentPurpose() throws IOException {
    Purpose p = Policies.load(write("consent", "object-lock: governance"), configDir).purposes().get(0);
    assertThat(p.objectLock()).isEqualTo(ObjectLockMode.GOVERNANCE);
  }

  @Test
  void complianceLockOnAConsentPurposeIsRefusedBecauseWithdrawnConsentCouldNotBeHonoured() throws IOException {
    ConfigProblem problem = problems(write("consent", "object-lock: compliance")).get(0);
    assertThat(problem.where()).startsWith("purposes[0].object-lock (line");
    assertThat(problem.problem()).contains("consent").contains("could not be erased")
        .contains("withdraws consent");
    assertThat(problem.fix()).contains("object-lock: governance").contains("another legal basis");
  }

  @Test
  void unknownLockModeGetsASuggestion() throws IOException {
    ConfigProblem problem = problems(write("contract", "object-lock: governence")).get(0);
    assertThat(problem.fix()).contains("did you mean 'governance'?");
  }

  @Test
  void pseudonymiseAfterMustBeShorterThanRetention() throws IOException {
    assertThat(problems(write("contract", "pseudonymise-after: P6M")).get(0).problem())
        .contains("not shorter than the retention");
    assertThat(problems(write("contract", "pseudonymise-after: P184D")).get(0).problem())
        .as("184 days outlast six months from some start days").contains("not shorter");
    assertThat(problems(write("contract", "pseudonymise-after: soon")).get(0).problem())
        .contains("is not an ISO-8601 period");
    assertThat(Policies.load(write("contract", "pseudonymise-after: P180D"), configDir).purposes().get(0)
        .pseudonymiseAfter()).isEqualTo(Period.ofDays(180));
  }
}
