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
import org.junit.jupiter.api.io.TempDir;

class CheckConfigTest {
  private static final Path REPO = Path.of("").toAbsolutePath();
  private static final Map<String, String> SECRETS = Map.of(
      "pbx1.password", "pw", "callvault.subject-key-secret", "0123456789abcdef0123456789abcdef");

  @TempDir static Path keys;

  @BeforeAll
  static void oneKey() throws Exception {
    KeyPairs.generate("any", "check-config test <t@callvault.invalid>", keys);
  }

  private static Path copyConfig(Path dir) throws Exception {
    Path config = Files.createDirectories(dir.resolve("config"));
    Files.copy(REPO.resolve("config/application.properties"), config.resolve("application.properties"));
    Files.copy(REPO.resolve("config/consent.csv"), config.resolve("consent.csv"));
    String policies = Files.readString(REPO.resolve("config/policies.yaml"))
        .replaceAll("recipients:\\s*\\[[^\\]]*]", "recipients: [" + keys.resolve("any.pub.asc") + "]");
    Files.writeString(config.resolve("policies.yaml"), policies);
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
    return o;
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
    overrides.remove("pbx1.password");

    List<ConfigProblem> problems = CheckConfig.check(config, dir.resolve("routes"), overrides);

    assertThat(problems).anySatisfy(p -> {
      assertThat(p.where()).isEqualTo("pbx1.password");
      assertThat(p.fix()).contains("PBX1_PASSWORD");
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
