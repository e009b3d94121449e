package io.callvault.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.callvault.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A purpose's description and recipients in words, per language (description, recipients-described). */
class PurposeWordingTest {
  @TempDir Path configDir;

  private static final String TRAINING = """
      purposes:
        - name: training
          legal-basis: consent
          consent-flag: training
          retention: P6M
          bucket: callvault-training
          key-template: "{yyyy}/{MM}/{dd}/{id}.{ext}.gpg"
          recipients: [keys/training.pub.asc]
          on-expiry: delete
      """;

  private PolicySet load(String yaml) throws Exception {
    Files.createDirectories(configDir.resolve("keys"));
    Files.writeString(configDir.resolve("keys/training.pub.asc"), "fixture");
    Path file = configDir.resolve("policies.yaml");
    Files.writeString(file, yaml);
    return Policies.load(file, configDir);
  }

  private ConfigException problems(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> load(yaml));
  }

  @Test
  void aPurposeDescribedPerLanguageKeepsItsDescriptionAndRecipientNames() throws Exception {
    PolicySet set = load(TRAINING + """
            description: {en: "Coaching our advisers", fr: "Former nos conseillers"}
            recipients-described:
              en: [the training team, "the coach's manager"]
              fr: ["l'équipe formation"]
        """);

    PurposeWording wording = set.byName("training").orElseThrow().wording();
    assertThat(wording.description("fr")).contains("Former nos conseillers");
    assertThat(wording.description("en")).contains("Coaching our advisers");
    assertThat(wording.recipients("en")).contains(List.of("the training team", "the coach's manager"));
    assertThat(wording.recipients("fr")).contains(List.of("l'équipe formation"));
    assertThat(wording.description("de")).isEmpty();
  }

  @Test
  void aPurposeWithoutWordsStillLoads() throws Exception {
    PolicySet set = load(TRAINING);

    assertThat(set.byName("training").orElseThrow().wording()).isEqualTo(PurposeWording.NONE);
  }

  @Test
  void aDescriptionNotGivenPerLanguageIsReportedWithItsKeyAndAnExample() {
    ConfigException e = problems(TRAINING + "    description: Coaching our advisers\n");

    assertThat(e).isNotNull();
    assertThat(e.problems()).singleElement().satisfies(p -> {
      assertThat(p.where()).startsWith("purposes[0].description (line ");
      assertThat(p.problem()).contains("must map language codes to text");
      assertThat(p.fix()).contains("description: {en:");
    });
  }

  @Test
  void aLanguageThatIsNotATwoLetterCodeIsReported() {
    ConfigException e = problems(TRAINING + "    description: {english: Coaching}\n");

    assertThat(e.problems()).singleElement().satisfies(p ->
        assertThat(p.problem()).contains("'english'").contains("not a two-letter lower-case language code"));
  }

  @Test
  void recipientsDescribedMustBeANonEmptyListPerLanguage() {
    ConfigException e = problems(TRAINING + "    recipients-described: {en: the training team, fr: []}\n");

    assertThat(e.problems()).extracting(p -> p.where().replaceAll(" \\(line \\d+\\)", ""))
        .containsExactlyInAnyOrder("purposes[0].recipients-described.en", "purposes[0].recipients-described.fr");
  }
}
