package io.callvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.config.ConfigProblem;
import io.callvault.crypto.KeyPairs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.callvault.testing.ReadmePbxExamples;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigTest {
  private static final Path REPO = Path.of("").toAbsolutePath();
  private static final Map<String, String> SECRETS = Map.of(
      "pbx1.password", "pw", "callvault.subject-key-secret", "0123456789abcdef0123456789abcdef",
      "s3.access-key", "test-access", "s3.secret-key", "test-secret");

  @TempDir static Path keys;

  @BeforeAll
  static void oneKey() throws Exception {
    KeyPairs.generate("any", "check-config test <t@callvault.invalid>", keys);
  }

  private static Path copyConfig(Path dir) throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.copy(REPO.resolve("config/application.properties"), config.resolve("application.properties"));
    Files.copy(REPO.resolve("config/consent.csv"), config.resolve("consent.csv"));
    Files.copy(REPO.resolve("config/employees.csv"), config.resolve("employees.csv"));
    Path formats = Files.createDirectories(config.resolve("formats"));
    try (Stream<Path> s = Files.list(REPO.resolve("config/formats"))) {
      for (Path p : s.toList()) {
        Files.copy(p, formats.resolve(p.getFileName()));
      }
    }
    String policies = Files.readString(REPO.resolve("config/policies.yaml"))
        .replaceAll("recipients:\\s*\\[[^\\]]*]", "recipients: [" + keys.resolve("any.pub.asc") + "]");
    Files.writeString(config.resolve("policies.yaml"), policies);
    // what an operator adds after ssh-keyscan (README, "Adding a PBX"); host keys are checked against it
    Files.writeString(config.resolve("known_hosts"), "pbx1.example.internal ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK0wmN/Cr3JXqmLW7u+g9pTh+wyqDHpSQEIQczXkVx9q\n");
    Path routes = Files.createDirectories(dir.resolve("routes"));
    try (Stream<Path> s = Files.list(REPO.resolve("routes"))) {
      for (Path p : s.toList()) {
        Files.copy(p, routes.resolve(p.getFileName()));
      }
    }
    return config;
  }

  private static Map<String, String> with(Path config) {
    Map<String, String> o = new java.util.HashMap<>(SECRETS);
    o.put("callvault.policies", config.resolve("policies.yaml").toString());
    // the company's own, as an operator sets them (the shipped examples are a warning)
    o.put("callvault.controller.name", "Acme Telecom Ltd");
    o.put("callvault.dpo.contact", "privacy@acme.test");
    return o;
  }

  @Test
  void aMissingControllerOrDpoContactIsNamedWithItsKeyAndFix(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    Map<String, String> overrides = new java.util.HashMap<>(with(config));
    overrides.put("callvault.controller.name", "");
    overrides.put("callvault.dpo.contact", " ");
    List<ConfigProblem> problems = CheckConfig.check(config, dir.resolve("routes"), overrides);
    assertThat(problems).extracting(ConfigProblem::where)
        .containsExactlyInAnyOrder("callvault.controller.name", "callvault.dpo.contact");
    assertThat(problems).allSatisfy(p -> assertThat(p.fix()).startsWith("add callvault."));
  }

  @Test
  void aPurposeWithoutWordsInANoticeLanguageIsNamedWithItsKeyPathAndFix(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    Path policies = config.resolve("policies.yaml");
    Files.writeString(policies, Files.readString(policies)
        .replace("      fr: \"Former et accompagner nos conseillers, avec votre accord\"\n", "")
        .replace("      fr: [\"l'équipe formation\"]\n", ""));
    List<ConfigProblem> problems = CheckConfig.check(config, dir.resolve("routes"), with(config));
    assertThat(problems).extracting(ConfigProblem::where)
        .containsExactlyInAnyOrder("purposes[0].description.fr", "purposes[0].recipients-described.fr");
    assertThat(problems).allSatisfy(p -> assertThat(p.file()).endsWith("policies.yaml"));
    assertThat(problems.get(0).fix() + problems.get(1).fix()).contains("description: {fr:", "recipients-described: {fr:");
  }

  @Test
  void theShippedExampleControllerIsAWarningNamingTheKey(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    Map<String, String> shipped = new java.util.HashMap<>(SECRETS);
    shipped.put("callvault.policies", config.resolve("policies.yaml").toString());
    assertThat(CheckConfig.warnings(config, shipped)).anySatisfy(w -> assertThat(w)
        .contains("callvault.controller.name", "Example Bank SA", "set your company's"));
    assertThat(CheckConfig.check(config, dir.resolve("routes"), shipped)).as("a warning, not an error").isEmpty();
  }

  @Test
  void shippedConfigurationWithSecretsAndKeysHasNoProblem(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    assertThat(CheckConfig.check(config, dir.resolve("routes"), with(config))).isEmpty();
  }

  @Test
  void brokenPolicyIsReportedWithFileKeyAndFix(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    Path policies = config.resolve("policies.yaml");
    Files.writeString(policies, Files.readString(policies).replaceFirst("retention: P6M", "retention: six months"));

    List<ConfigProblem> problems = CheckConfig.check(config, dir.resolve("routes"), with(config));

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.file()).endsWith("policies.yaml");
      assertThat(p.where()).contains("purposes[0].retention");
      assertThat(p.fix()).contains("P6M");
    });
  }

  @Test
  void missingSecretAndBrokenRouteFileAreEachNamedAndTheCommandFails(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    Files.writeString(dir.resolve("routes/pbx-asterisk-1.camel.yaml"), "- templatedRoute:\n    routeTemplateRef: pbx-sftp-source\n  bad: [\n");
    Map<String, String> overrides = with(config);
    overrides.remove("callvault.subject-key-secret");

    List<ConfigProblem> problems = CheckConfig.check(config, dir.resolve("routes"), overrides);

    assertThat(problems).anySatisfy(p -> {
      assertThat(p.where()).isEqualTo("callvault.subject-key-secret");
      assertThat(p.fix()).contains("CALLVAULT_SUBJECT_SECRET");
    });
    assertThat(problems).anySatisfy(p -> {
      assertThat(p.file()).endsWith("pbx-asterisk-1.camel.yaml");
      assertThat(p.where()).startsWith("line ");
    });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit = new CheckConfig(new PrintStream(out, true, StandardCharsets.UTF_8)).run(config, dir.resolve("routes"));
    assertThat(exit).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("problem(s) found").contains("pbx-asterisk-1.camel.yaml");
  }

  @Test
  void unusableAuditAnchorKeysAndSettingsAreEachNamedWithTheirFix(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    Path notAKey = Files.writeString(dir.resolve("anchor.key"), "not a key");
    Map<String, String> overrides = with(config);
    overrides.put("audit.anchor.signing-key", notAKey.toString());
    overrides.put("audit.anchor.public-key", dir.resolve("missing.pub").toString());

    List<ConfigProblem> problems = CheckConfig.check(config, dir.resolve("routes"), overrides);

    assertThat(problems).extracting(ConfigProblem::where)
        .containsExactly("audit.anchor.signing-key");
    assertThat(problems.get(0).fix()).contains("openssl genpkey -algorithm ed25519");
    overrides.remove("audit.anchor.signing-key");
    assertThat(CheckConfig.check(config, dir.resolve("routes"), overrides)).singleElement()
        .satisfies(p -> assertThat(p.where()).isEqualTo("audit.anchor.public-key"));
    overrides.remove("audit.anchor.public-key");
    overrides.put("audit.anchor.retention", "ten years");
    assertThat(CheckConfig.check(config, dir.resolve("routes"), overrides)).singleElement()
        .satisfies(p -> assertThat(p.where()).isEqualTo("audit.anchor.retention"));
  }

  @Test
  void aStorageTargetOnAnS3CompatibleServerWithoutCredentialsIsAProblem(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    Map<String, String> noKeys = new java.util.HashMap<>(with(config));
    noKeys.put("s3.endpoint", "http://minio.internal:9000");
    noKeys.put("s3.access-key", "");
    noKeys.put("s3.secret-key", "");
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null
        && !Files.exists(Path.of(System.getProperty("user.home"), ".aws")),
        "AWS credentials in this environment (AWS_ACCESS_KEY_ID or ~/.aws): the default chain has some");

    assertThat(CheckConfig.check(config, dir.resolve("routes"), noKeys))
        .anySatisfy(p -> assertThat(p.where()).isEqualTo("s3.access-key"));
  }

  @Test
  void anApiBoundBeyondLoopbackWithoutTlsIsAWarningInCheckConfig(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    Map<String, String> open = new java.util.HashMap<>(with(config));
    open.put("camel.server.host", "0.0.0.0");

    assertThat(CheckConfig.warnings(config, with(config))).isEmpty();
    assertThat(CheckConfig.warnings(config, open)).singleElement().asString().contains("0.0.0.0", "TLS");
    Files.writeString(config.resolve("application.properties"), "\ncamel.server.host=0.0.0.0\n",
        java.nio.file.StandardOpenOption.APPEND);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CheckConfig(new PrintStream(out, true, StandardCharsets.UTF_8)).run(config, dir.resolve("routes"));
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("warning: camel.server.host=0.0.0.0 exposes the HTTP API");
  }

  @Test
  void anUnknownIntegrityRuleIsNamedWithItsFix(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    Map<String, String> overrides = with(config);
    overrides.put("callvault.integrity.mismatch", "repair");

    assertThat(CheckConfig.check(config, dir.resolve("routes"), overrides)).singleElement().satisfies(p -> {
      assertThat(p.where()).isEqualTo("callvault.integrity.mismatch");
      assertThat(p.problem()).contains("'repair'");
      assertThat(p.fix()).contains("store-flagged", "quarantine");
    });
  }

  @Test
  void aConsentFlagPathThatFindsNothingInTheSavedCrmAnswerIsNamedWithItsKey(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    Files.writeString(config.resolve("crm-answer.json"), "{\"consents\": {\"training\": true, \"quality\": false}}");
    Map<String, String> overrides = with(config);
    overrides.put("consent.source", "http");
    overrides.put("consent.http.url-template", "https://crm.example/consent/{subject}");
    overrides.put("consent.http.sample-answer-file", "crm-answer.json");
    overrides.put("consent.http.flag.training", "/training");
    overrides.put("consent.http.flag.quality", "/consents/quality");

    List<ConfigProblem> problems = CheckConfig.check(config, dir.resolve("routes"), overrides);
    overrides.put("consent.http.flag.training", "/consents/training");
    List<ConfigProblem> corrected = CheckConfig.check(config, dir.resolve("routes"), overrides);

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.where()).isEqualTo("consent.http.flag.training");
      assertThat(p.problem()).contains("'/training' finds nothing in the sample answer "
          + config.resolve("crm-answer.json"));
    });
    assertThat(corrected).isEmpty();
  }

  @Test
  void anotherConfigDirectoryIsCheckedOnItsOwnFilesNotTheWorkingDirectorysConfig(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    Files.delete(config.resolve("policies.yaml"));
    Map<String, String> overrides = new java.util.HashMap<>(SECRETS);

    List<ConfigProblem> problems = CheckConfig.check(config, dir.resolve("routes"), overrides);

    assertThat(problems).anySatisfy(p -> assertThat(p.toString()).contains(config.resolve("policies.yaml").toString()));
  }

  @Test
  void anInvalidOrImpossibleCronIsNamedWithItsKey(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    Map<String, String> overrides = with(config);
    overrides.put("retention.cron", "every day");
    overrides.put("audit.anchor.cron", "0 99 3 * * ?");
    overrides.put("callvault.temp-cleanup.cron", "0 0 0 30 2 ?");

    List<ConfigProblem> problems = CheckConfig.check(config, dir.resolve("routes"), overrides);

    assertThat(problems).extracting(ConfigProblem::where)
        .containsExactlyInAnyOrder("retention.cron", "audit.anchor.cron", "callvault.temp-cleanup.cron");
    assertThat(problems).allSatisfy(p -> assertThat(p.fix()).contains("0 15 3 * * ?"));
    assertThat(problems).filteredOn(p -> p.where().equals("callvault.temp-cleanup.cron"))
        .singleElement().satisfies(p -> assertThat(p.problem()).contains("never fires"));
  }

  @Test
  void aMisspeltStepInARouteIsNamedWithItsFileAndLine(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    Path ingest = dir.resolve("routes/ingest.camel.yaml");
    List<String> lines = Files.readAllLines(ingest);
    int typo = -1;
    for (int i = 0; i < lines.size() && typo < 0; i++) {
      if (lines.get(i).strip().startsWith("- bean:")) {
        lines.set(i, lines.get(i).replace("- bean:", "- proces:"));
        typo = i + 1;
      }
    }
    Files.write(ingest, lines);

    List<ConfigProblem> problems = CheckConfig.check(config, dir.resolve("routes"), with(config));

    int line = typo;
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.file()).endsWith("ingest.camel.yaml");
      assertThat(p.where()).isEqualTo("line " + line);
      assertThat(p.problem()).contains("proces");
    });
  }

  @Test
  void checkConfigSaysWhichRegionNationalNumbersAreReadInAndThatOthersAreStillLookedUp(@TempDir Path dir)
      throws Exception {
    Path config = copyConfig(dir);
    Files.writeString(config.resolve("application.properties"), "\ncallvault.default-region=FR\n",
        java.nio.file.StandardOpenOption.APPEND);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CheckConfig(new PrintStream(out, true, StandardCharsets.UTF_8)).run(config, dir.resolve("routes"));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("national numbers are read in region FR (callvault.default-region)")
        .contains("a number that is not a full number there is still looked up");
  }

  /** A configuration with one README example added, as an operator following the steps would have it. */
  private static Map<String, String> withExample(Path dir, ReadmePbxExamples.Example e) throws Exception {
    Path config = copyConfig(dir);
    Files.writeString(dir.resolve(e.routeFile()), e.yaml());
    Files.writeString(config.resolve("application.properties"), "\n" + e.properties(),
        java.nio.file.StandardOpenOption.APPEND);
    Map<String, String> overrides = with(config);
    for (Map.Entry<String, String> p : e.propertyMap().entrySet()) {
      if (p.getValue().matches("\\$\\{env:\\w+}")) {
        overrides.put(p.getKey(), "secret-from-env"); // what the operator exports
      }
      if (p.getKey().endsWith(".private-key-file")) {
        Path key = config.resolve(p.getValue()); // what ssh-keygen wrote (settings' paths: from the config directory)
        Files.createDirectories(key.getParent());
        Files.writeString(key, "-----BEGIN OPENSSH PRIVATE KEY-----\n");
      }
    }
    return overrides;
  }

  @Test
  void everyWorkedExampleOfAddingAPbxInTheReadmePassesCheckConfigAndTheyCoverEveryFormat(@TempDir Path dir)
      throws Exception {
    List<ReadmePbxExamples.Example> examples = ReadmePbxExamples.of(REPO.resolve("README.md"));
    java.util.Set<String> formats = new java.util.TreeSet<>();
    for (ReadmePbxExamples.Example e : examples) {
      Path exampleDir = Files.createDirectories(dir.resolve(e.routeFile().replaceAll("\\W", "_")));
      Map<String, String> overrides = withExample(exampleDir, e);

      assertThat(CheckConfig.check(exampleDir.resolve("config"), exampleDir.resolve("routes"), overrides))
          .as(e.routeFile()).isEmpty();
      assertThat(e.parameter("format")).as(e.routeFile() + " names its format").isNotNull();
      formats.add(e.parameter("format"));
    }
    assertThat(formats).containsExactlyInAnyOrderElementsOf(io.callvault.source.PbxFormats.standard(
        new io.callvault.source.PhoneNumbers("GB")).names());
  }

  @Test
  void aWorkedExampleWithoutItsKnownHostsFileFailsCheckConfigNamingTheKey(@TempDir Path dir) throws Exception {
    for (ReadmePbxExamples.Example e : ReadmePbxExamples.of(REPO.resolve("README.md"))) {
      Path exampleDir = Files.createDirectories(dir.resolve(e.routeFile().replaceAll("\\W", "_")));
      Map<String, String> overrides = withExample(exampleDir, e);
      Files.delete(exampleDir.resolve("config/known_hosts"));

      assertThat(CheckConfig.check(exampleDir.resolve("config"), exampleDir.resolve("routes"), overrides))
          .as(e.routeFile()).anySatisfy(p -> assertThat(p.where()).endsWith("knownHostsFile"));
    }
  }

  @Test
  void routeHotReloadAndRoutesNamedInTheSettingsAreRefusedWithTheFix(@TempDir Path dir) throws Exception {
    Path config = copyConfig(dir);
    Map<String, String> overrides = with(config);
    overrides.put("camel.main.routes-reload-enabled", "true");
    overrides.put("camel.main.routes-include-pattern", "file:other/*.camel.yaml");

    List<ConfigProblem> problems = CheckConfig.check(config, dir.resolve("routes"), overrides);

    assertThat(problems).extracting(ConfigProblem::where)
        .containsExactlyInAnyOrder("camel.main.routes-reload-enabled", "camel.main.routes-include-pattern");
    assertThat(problems).allSatisfy(p -> assertThat(p.fix()).containsAnyOf("restart the hub", "--routes DIR"));
    io.callvault.config.Settings settings = io.callvault.config.Settings.load(config.resolve("application.properties"),
        Map.of("camel.main.routes-reload-enabled", "true"));
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> io.callvault.camel.Hub.create(settings, dir.resolve("routes"), java.time.Clock.systemUTC()))
        .isInstanceOf(io.callvault.config.ConfigException.class).hasMessageContaining("hot reload is not supported");
  }

  @Test
  void runLoadsTheRoutesOfDashDashRoutesAndRefusesABrokenOneBeforeStarting(@TempDir Path dir) throws Exception {
    Path config = io.callvault.testing.TestConfig.write(dir.resolve("own-config"), keys.resolve("any.pub.asc"));
    Path routes = Files.createDirectories(dir.resolve("my-routes"));
    try (Stream<Path> s = Files.list(REPO.resolve("routes"))) {
      for (Path p : s.toList()) {
        Files.copy(p, routes.resolve(p.getFileName()));
      }
    }
    Files.writeString(routes.resolve("broken.camel.yaml"), "- route:\n    id: broken\n    from:\n      uri: timer:x\n"
        + "      steps:\n        - proces:\n            ref: nothing\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = new Cli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(new String[] {"run", "--config", config.toString(), "--routes", routes.toString()});

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(routes.resolve("broken.camel.yaml").toString())
        .contains("line 6").contains("proces");
  }
}
