package io.callvault.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example purposes people copy (config/policies.yaml and config/docker/policies.yaml) keep what the
 * guidance cited in their comments allows, and the demo's printed expectations (README, docs/retention.md) hold.
 */
class ShippedPoliciesTest {
  @TempDir Path tmp;

  /** The shipped file as it is, in a copy of its directory where the recipient key files exist. */
  private PolicySet shipped(String dir) throws IOException {
    Path configDir = Files.createDirectories(tmp.resolve(dir));
    Path policies = Files.copy(Path.of(dir, "policies.yaml"), configDir.resolve("policies.yaml"));
    for (String purpose : new String[] {"training", "quality", "legal"}) {
      Path key = configDir.resolve(dir.equals("config") ? "keys" : "../keys").resolve(purpose + ".pub.asc");
      Files.createDirectories(key.getParent());
      Files.writeString(key, "fixture: only its existence is checked when loading");
    }
    return Policies.load(policies, configDir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"config", "config/docker"})
  void shippedRetentionsAreTheCitedFigures(String dir) throws IOException {
    PolicySet set = shipped(dir);
    Map<String, Period> retention = set.purposes().stream().collect(Collectors.toMap(Purpose::name, Purpose::retention));

    assertThat(retention).as("CNIL: recordings at most 6 months; MiFID II: 5 years")
        .containsExactlyInAnyOrderEntriesOf(Map.of("training", Period.ofMonths(6), "quality", Period.ofMonths(6),
            "legal", Period.ofYears(5)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"config", "config/docker"})
  void theDemoExpectationsOfReadmeAndRetentionDocHold(String dir) throws IOException {
    PolicySet set = shipped(dir);
    // the demo's calls are of yesterday; "sweep --clock-offset P7M" looks seven months ahead
    Instant call = LocalDate.now(ZoneOffset.UTC).minusDays(1).atTime(8, 30).toInstant(ZoneOffset.UTC);
    Instant sevenMonthsOn = LocalDate.now(ZoneOffset.UTC).plusMonths(7).atStartOfDay().toInstant(ZoneOffset.UTC);

    Map<String, Boolean> expired = set.purposes().stream().collect(Collectors.toMap(Purpose::name,
        p -> PurposePolicy.retainUntil(p, call).isBefore(sevenMonthsOn)));
    Map<String, ExpiryAction> onExpiry = set.purposes().stream().collect(Collectors.toMap(Purpose::name,
        Purpose::onExpiry));

    // README: "training copies deleted, quality anonymised, legal kept"
    assertThat(expired).containsExactlyInAnyOrderEntriesOf(Map.of("training", true, "quality", true, "legal", false));
    assertThat(onExpiry).containsEntry("training", ExpiryAction.DELETE).containsEntry("quality", ExpiryAction.ANONYMISE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"config", "config/docker"})
  void everyShippedPurposeIsDescribedToPeopleInFrenchAndEnglish(String dir) throws IOException {
    PolicySet set = shipped(dir);

    assertThat(set.purposes()).allSatisfy(p -> {
      for (String lang : new String[] {"fr", "en"}) {
        assertThat(p.wording().description(lang)).as(p.name() + " description." + lang).isPresent();
        assertThat(p.wording().recipients(lang)).as(p.name() + " recipients-described." + lang).isPresent();
      }
    });
  }
}
