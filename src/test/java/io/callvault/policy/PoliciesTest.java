package io.callvault.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoliciesTest {

  @TempDir Path configDir;

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(PoliciesTest.class.getResource("/policy/config/" + name).toURI());
  }

  private List<ConfigProblem> problemsOf(String yaml) throws IOException {
    Files.createDirectories(configDir.resolve("keys"));
    Files.writeString(configDir.resolve("keys/training.pub.asc"), "fixture");
    Path file = configDir.resolve("policies.yaml");
    Files.writeString(file, yaml);
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> Policies.load(file, configDir));
    assertThat(e).as("expected a ConfigException").isNotNull();
    return e.problems();
  }

  private static ConfigProblem at(List<ConfigProblem> problems, String where) {
    return problems.stream()
        .filter(p -> p.where().equals(where))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no problem at " + where + " in\n" + problems));
  }

  private static String purpose(String... lines) {
    StringBuilder b = new StringBuilder("purposes:\n");
    for (String line : lines) {
      b.append(line.startsWith("name:") ? "  - " : "    ").append(line).append('\n');
    }
    return b.toString();
  }

  private static final String[] TRAINING = {
    "name: training",
    "legal-basis: consent",
    "consent-flag: training",
    "retention: P6M",
    "bucket: callvault-training",
    "key-template: \"{yyyy}/{MM}/{dd}/{id}.{ext}.gpg\"",
    "recipients: [keys/training.pub.asc]",
    "on-expiry: delete"
  };

  private static String trainingWith(String key, String replacement) {
    String[] lines = TRAINING.clone();
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith(key + ":")) {
        lines[i] = replacement;
      }
    }
    return purpose(lines);
  }

  @Test
  void validFileLoadsEveryPurposeWithRecipientsResolvedAgainstConfigDir() throws Exception {
    Path dir = resource("policies.yaml").getParent();
    PolicySet set = Policies.load(resource("policies.yaml"), dir);

    assertThat(set.purposes()).extracting(Purpose::name).containsExactly("training", "quality", "legal");
    Purpose training = set.byName("training").orElseThrow();
    assertThat(training.legalBasis()).isEqualTo(LegalBasis.CONSENT);
    assertThat(training.consentFlag()).isEqualTo("training");
    assertThat(training.retention()).isEqualTo(Period.ofMonths(6));
    assertThat(training.bucket()).isEqualTo("callvault-training");
    assertThat(training.keyTemplate()).isEqualTo("{yyyy}/{MM}/{dd}/{id}.{ext}.gpg");
    assertThat(training.recipients()).containsExactly(dir.resolve("keys/training.pub.asc"));
    assertThat(training.onExpiry()).isEqualTo(ExpiryAction.DELETE);

    Purpose quality = set.byName("quality").orElseThrow();
    assertThat(quality.legalBasis()).isEqualTo(LegalBasis.LEGITIMATE_INTEREST);
    assertThat(quality.needsConsent()).isFalse();
    assertThat(quality.retention()).isEqualTo(Period.ofMonths(6));
    assertThat(quality.recipients()).hasSize(2);
    assertThat(quality.onExpiry()).isEqualTo(ExpiryAction.ANONYMISE);

    Purpose legal = set.byName("legal").orElseThrow();
    assertThat(legal.legalBasis()).isEqualTo(LegalBasis.LEGAL_OBLIGATION);
    assertThat(legal.retention()).isEqualTo(Period.ofYears(5));
    assertThat(set.byName("marketing")).isEmpty();
  }

  @Test
  void brokenFileReportsEveryProblemWithFileKeyPathLineAndFix() throws Exception {
    Path file = resource("broken-policies.yaml");
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> Policies.load(file, file.getParent()));
    List<ConfigProblem> problems = e.problems();

    assertThat(problems).allSatisfy(p -> assertThat(p.file()).endsWith("policy/config/broken-policies.yaml"));
    assertThat(problems).allSatisfy(p -> assertThat(p.fix()).isNotBlank());

    assertThat(at(problems, "purposes[0].retension (line 4)").fix()).startsWith("did you mean 'retention'?");
    ConfigProblem retention = at(problems, "purposes[0].retention (line 5)");
    assertThat(retention.problem()).contains("'six months'");
    assertThat(retention.fix()).contains("ISO-8601 period such as P6M or P5Y");
    assertThat(at(problems, "purposes[0].consent-flag (line 2)").problem())
        .contains("legal-basis is consent but no consent-flag");
    assertThat(at(problems, "purposes[0].bucket (line 6)").fix()).contains("'callvault-training'");
    assertThat(problems).filteredOn(p -> p.where().equals("purposes[0].key-template (line 7)"))
        .extracting(ConfigProblem::problem)
        .anySatisfy(s -> assertThat(s).contains("unknown placeholder {caller}"))
        .anySatisfy(s -> assertThat(s).contains("no {id}"));
    ConfigProblem recipient = at(problems, "purposes[0].recipients[0] (line 8)");
    assertThat(recipient.problem()).contains("'keys/trainng.pub.asc' does not exist");
    assertThat(recipient.fix()).contains("./callvault keys generate trainng");

    ConfigProblem basis = at(problems, "purposes[1].legal-basis (line 12)");
    assertThat(basis.fix()).isEqualTo("did you mean 'legitimate-interest'? use one of: consent,"
        + " legal-obligation, legitimate-interest, contract");
    assertThat(at(problems, "purposes[1].retention (line 14)").problem()).contains("is zero");
    assertThat(at(problems, "purposes[1].on-expiry (line 18)").fix())
        .startsWith("did you mean 'anonymise'?").contains("delete, anonymise");

    assertThat(at(problems, "purposes[2].name (line 20)").problem())
        .isEqualTo("duplicate purpose name 'training' (already used by purposes[0])");
    ConfigProblem missing = at(problems, "purposes[2].on-expiry (line 20)");
    assertThat(missing.problem()).contains("missing required key 'on-expiry'");
    assertThat(missing.fix()).contains("on-expiry: delete");

    assertThat(problems).hasSize(12);
    assertThat(e.getMessage()).contains("broken-policies.yaml [purposes[0].retention (line 5)]");
  }

  @Test
  void yamlSyntaxErrorIsOneProblemWithItsLine() throws Exception {
    List<ConfigProblem> problems = problemsOf(
        "purposes:\n  - name: training\n    legal-basis: consent\n   retention: [P6M\n");
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).problem()).startsWith("YAML syntax error");
    assertThat(problems.get(0).where()).matches("line \\d+");
  }

  @Test
  void unquotedKeyTemplateIsExplainedAsNeedingQuotes() throws Exception {
    List<ConfigProblem> problems = problemsOf(trainingWith("key-template", "key-template: {id}"));
    assertThat(at(problems, "purposes[0].key-template (line 7)").fix()).contains("quote the template");
  }

  @Test
  void consentFlagOnNonConsentBasisWouldBeIgnored() throws Exception {
    List<ConfigProblem> problems =
        problemsOf(trainingWith("legal-basis", "legal-basis: legitimate-interest"));
    ConfigProblem p = at(problems, "purposes[0].consent-flag (line 4)");
    assertThat(p.problem()).contains("would be ignored");
    assertThat(p.fix()).contains("remove 'consent-flag'");
    assertThat(problems).hasSize(1);
  }

  @Test
  void negativeRetentionIsRejected() throws Exception {
    List<ConfigProblem> problems = problemsOf(trainingWith("retention", "retention: P-6M"));
    assertThat(at(problems, "purposes[0].retention (line 5)").problem()).contains("negative");
  }

  @Test
  void durationInsteadOfPeriodIsRejected() throws Exception {
    List<ConfigProblem> problems = problemsOf(trainingWith("retention", "retention: PT24H"));
    assertThat(at(problems, "purposes[0].retention (line 5)").fix())
        .contains("ISO-8601 period such as P6M or P5Y");
  }

  @Test
  void bucketNamesFollowS3Rules() {
    assertThat(Policies.bucketRuleBroken("callvault-training")).isEmpty();
    assertThat(Policies.bucketRuleBroken("cv.recordings.2024")).isEmpty();
    assertThat(Policies.bucketRuleBroken("ab")).get().asString().contains("3 to 63");
    assertThat(Policies.bucketRuleBroken("a".repeat(64))).get().asString().contains("3 to 63");
    assertThat(Policies.bucketRuleBroken("Callvault")).get().asString().contains("lower case");
    assertThat(Policies.bucketRuleBroken("callvault_training")).get().asString().contains("only");
    assertThat(Policies.bucketRuleBroken("-callvault")).get().asString().contains("begin and end");
    assertThat(Policies.bucketRuleBroken("call..vault")).get().asString().contains("two dots");
    assertThat(Policies.bucketRuleBroken("192.168.1.10")).get().asString().contains("IP address");
    assertThat(Policies.bucketRuleBroken("xn--bucket")).get().asString().contains("reserved");
  }

  @Test
  void keyTemplateWithPersonalDataPlaceholderIsRejected() throws Exception {
    List<ConfigProblem> problems = problemsOf(
        trainingWith("key-template", "key-template: \"{yyyy}/{caller}-{id}.{ext}.gpg\""));
    ConfigProblem p = at(problems, "purposes[0].key-template (line 7)");
    assertThat(p.problem()).contains("{caller}");
    assertThat(p.fix()).contains("must never carry personal data").contains("{id}");
    assertThat(problems).hasSize(1);
  }

  @Test
  void misspeltPlaceholderGetsASuggestion() throws Exception {
    List<ConfigProblem> problems = problemsOf(
        trainingWith("key-template", "key-template: \"{YYYY}/{id}.{ext}.gpg\""));
    assertThat(at(problems, "purposes[0].key-template (line 7)").fix()).startsWith("did you mean {yyyy}?");
  }

  @Test
  void unknownKeyWithoutCloseMatchIsToldToBeRemoved() throws Exception {
    String[] lines = java.util.Arrays.copyOf(TRAINING, TRAINING.length + 1);
    lines[TRAINING.length] = "owner: dpo";
    List<ConfigProblem> problems = problemsOf(purpose(lines));
    assertThat(at(problems, "purposes[0].owner (line 10)").fix()).startsWith("remove it; allowed keys");
  }

  @Test
  void emptyPurposeListIsAProblem() throws Exception {
    assertThat(problemsOf("purposes: []\n")).singleElement()
        .satisfies(p -> assertThat(p.problem()).contains("no purposes"));
    assertThat(problemsOf("# nothing yet\n")).singleElement()
        .satisfies(p -> assertThat(p.problem()).contains("empty"));
  }

  @Test
  void missingFileIsAProblemNotAStackTrace() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> Policies.load(configDir.resolve("nope.yaml"), configDir));
    assertThat(e.problems()).singleElement()
        .satisfies(p -> assertThat(p.problem()).isEqualTo("file not found"));
  }

  @Test
  void twoPurposesWritingSameKeysToSameBucketAreRejected() throws Exception {
    String second = purpose(TRAINING).replace("purposes:\n", "").replace("name: training", "name: coaching")
        .replace("consent-flag: training", "consent-flag: coaching");
    List<ConfigProblem> problems = problemsOf(purpose(TRAINING) + second);
    assertThat(at(problems, "purposes[1].key-template (line 15)").problem()).contains("overwrite");
  }

  private PolicySet load(String yaml) throws IOException {
    Files.createDirectories(configDir.resolve("keys"));
    Files.writeString(configDir.resolve("keys/training.pub.asc"), "fixture");
    Path file = configDir.resolve("policies.yaml");
    Files.writeString(file, yaml);
    return Policies.load(file, configDir);
  }

  private static String trainingPlus(String... extra) {
    String[] lines = java.util.Arrays.copyOf(TRAINING, TRAINING.length + extra.length);
    System.arraycopy(extra, 0, lines, TRAINING.length, extra.length);
    return purpose(lines);
  }

  @Test
  void onFulfilmentIsAPeriodZeroIncludedAndAbsentMeansNever() throws Exception {
    assertThat(load(trainingPlus("on-fulfilment: P2W")).byName("training").orElseThrow().onFulfilment())
        .isEqualTo(Period.ofDays(14));
    assertThat(load(trainingPlus("on-fulfilment: P0D")).byName("training").orElseThrow().onFulfilment())
        .isEqualTo(Period.ZERO);
    assertThat(load(purpose(TRAINING)).byName("training").orElseThrow().onFulfilment()).isNull();
  }

  @Test
  void onFulfilmentThatIsNoPeriodIsNegativeOrOutlastedByAnObjectLockIsRejectedWithItsFix() throws Exception {
    assertThat(at(problemsOf(trainingPlus("on-fulfilment: two weeks")), "purposes[0].on-fulfilment (line 10)").fix())
        .contains("on-fulfilment: P2W");
    assertThat(at(problemsOf(trainingPlus("on-fulfilment: P-1D")), "purposes[0].on-fulfilment (line 10)").problem())
        .contains("negative");
    assertThat(at(problemsOf(trainingPlus("on-fulfilment: P2W", "object-lock: governance")),
        "purposes[0].on-fulfilment (line 10)").fix()).contains("remove 'object-lock' or 'on-fulfilment'");
  }

  @Test
  void employeeErasureIsDeleteByDefaultAndKeepCarriesItsReason() throws Exception {
    assertThat(load(purpose(TRAINING)).byName("training").orElseThrow().employeeErasure())
        .isEqualTo(EmployeeErasure.DELETE);
    EmployeeErasure keep = load(trainingPlus("employee-erasure: keep", "employee-erasure-reason: \"the customer's record\""))
        .byName("training").orElseThrow().employeeErasure();
    assertThat(keep.keep()).isTrue();
    assertThat(keep.reason()).isEqualTo("the customer's record");
  }

  @Test
  void employeeErasureKeepWithoutAReasonOrAnUnknownActionIsRefusedWithTheFix() throws Exception {
    List<ConfigProblem> noReason = problemsOf(trainingPlus("employee-erasure: keep"));
    assertThat(noReason).singleElement().satisfies(p -> {
      assertThat(p.where()).startsWith("purposes[0].employee-erasure-reason");
      assertThat(p.fix()).contains("employee-erasure-reason:");
    });
    List<ConfigProblem> unknown = problemsOf(trainingPlus("employee-erasure: anonymise"));
    assertThat(at(unknown, "purposes[0].employee-erasure (line 10)").fix()).contains("employee-erasure: delete");
  }
}
