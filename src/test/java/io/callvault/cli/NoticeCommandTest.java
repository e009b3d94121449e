package io.callvault.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.testing.TestConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./callvault notice and ./callvault record-of-processing, through the command line, on a configuration of their own. */
class NoticeCommandTest {
  @TempDir Path dir;
  private Path config;
  private Path routes;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void configure() throws Exception {
    Path key = Files.writeString(Files.createDirectories(dir.resolve("keys")).resolve("test.pub.asc"), "fixture");
    config = TestConfig.write(dir.resolve("config"), key);
    routes = Files.createDirectories(dir.resolve("routes"));
    for (String f : List.of("pbx-asterisk-1.camel.yaml", "pbx-source-template.camel.yaml")) {
      Files.copy(Path.of("routes", f), routes.resolve(f));
    }
  }

  private int run(String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of(args));
    argv.addAll(List.of("--config", config.toString(), "--routes", routes.toString()));
    return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(argv.toArray(String[]::new));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noticeInFrenchPrintsTheArticle13TextFromThePolicies() {
    assertThat(run("notice", "--lang", "fr")).isZero();

    assertThat(out()).startsWith("Enregistrement des appels : information des appelants et des salariés")
        .contains("Durée de conservation : 6 mois après l'appel").contains("Destinataires : l'équipe formation.");
  }

  @Test
  void noticeAsSsmlPrintsTheIvrScriptAndAsHtmlAPrivacyPageSection() {
    assertThat(run("notice", "--lang", "en", "--format", "ssml")).isZero();
    assertThat(out()).contains("xml:lang=\"en-GB\"").contains("<s>This call may be recorded by Example Bank SA");
    out.reset();

    assertThat(run("notice", "--lang", "fr", "--ivr")).isZero();
    assertThat(out()).startsWith("Cet appel est susceptible d&#39;être enregistré".replace("&#39;", "'"));
    out.reset();

    assertThat(run("notice", "--format", "html", "--lang", "fr")).isZero();
    assertThat(out()).startsWith("<section class=\"callvault-notice\" lang=\"fr\">")
        .contains("l&#39;équipe formation");
  }

  @Test
  void noticeWithAnUnknownLanguageOrFormatExplainsTheUsage() {
    assertThat(run("notice", "--lang", "de")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown language 'de': use one of fr, en");

    assertThat(run("notice", "--format", "pdf")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: ./callvault notice");
  }

  @Test
  void noticeWithoutTheControllerSettingsNamesTheKeysToAdd() throws Exception {
    Path props = config.resolve("application.properties");
    Files.writeString(props, Files.readString(props).replaceAll("(?m)^callvault\\.(controller|dpo)\\..*$", ""));

    assertThat(run("notice", "--lang", "en")).isEqualTo(1);

    assertThat(err.toString(StandardCharsets.UTF_8)).contains("[callvault.controller.name]")
        .contains("[callvault.controller.contact]").contains("fix: add callvault.dpo.contact=dpo@example.com");
  }

  @Test
  void recordOfProcessingPrintsMarkdownByDefaultAndCsvOnRequest() {
    assertThat(run("record-of-processing")).isZero();
    assertThat(out()).startsWith("# Record of processing activities (GDPR Art. 30)")
        .contains("| pbx-asterisk-1 | freepbx |");
    out.reset();

    assertThat(run("record-of-processing", "--format", "csv")).isZero();
    assertThat(out()).startsWith("Controller,Data protection officer,").contains("\r\n");
    assertThat(out().split("\r\n")).hasSize(4);
  }
}
