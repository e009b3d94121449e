package io.callvault.notice;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.config.PbxSources;
import io.callvault.config.Settings;
import io.callvault.policy.PolicySet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Art. 30 record from the test configuration, the API roles of its settings and the shipped PBX route. */
class RecordOfProcessingTest {
  @TempDir Path tmp;
  private PolicySet policies;
  private Settings settings;
  private Path routes;

  @BeforeEach
  void load() throws Exception {
    Path config = NoticeFixtures.configDir(tmp);
    policies = NoticeFixtures.policies(config);
    settings = NoticeFixtures.settings(config, Map.of(
        "api.token.alice.sha256", "0".repeat(64), "api.token.alice.roles", "dpo",
        "api.token.bob.sha256", "1".repeat(64), "api.token.bob.roles", "quality-reviewer,auditor",
        "api.token.carol.sha256", "2".repeat(64), "api.token.carol.roles", "dpo",
        "pbx1.host", "pbx1.example.internal", "pbx1.directory", "/var/spool/asterisk/monitor"));
    routes = Files.createDirectories(tmp.resolve("routes"));
    for (String f : List.of("pbx-asterisk-1.camel.yaml", "pbx-source-template.camel.yaml")) {
      Files.copy(Path.of("routes", f), routes.resolve(f));
    }
  }

  private RecordOfProcessing record(Settings s) {
    return new RecordOfProcessing(Controller.from(s), policies, Safeguards.from(s, PbxSources.read(routes)),
        Language.EN);
  }

  @Test
  void theMarkdownRecordListsPurposesBasesDataSubjectsRecipientsRetentionSecurityAndSources() {
    String md = record(settings).markdown();

    assertThat(md).startsWith("# Record of processing activities (GDPR Art. 30): call recording")
        .contains("| Controller | Example Bank SA, 1 rue de l'Exemple, 75001 Paris |")
        .contains("| Categories of data subjects | Callers (customers, prospects and other external parties);"
            + " employees who make or take the calls |")
        .contains("| training | Training and coaching our customer advisers, with your agreement | Consent,"
            + " Art. 6(1)(a) (consent flag 'training'; withdrawal erases, Art. 7(3)) |")
        .contains("| legal | ")
        .contains("Legal obligation, Art. 6(1)(c) (kept against erasure, Art. 17(3)(b))")
        .contains("5 years (P5Y) after the call, then deleted")
        .contains("6 months (P6M) after the call, then anonymised; at most 2 weeks after it is marked fulfilled")
        .contains("Voice recording (card-number tones masked); metadata: direction, call-type, duration,"
            + " disposition, agent")
        .contains("the compliance officer, the financial regulator on request")
        .contains("**Encryption**: OpenPGP").contains("training: test.pub.asc")
        .contains("| callvault-legal (AWS S3, region us-east-1) |")
        .contains("configured: auditor (1 token), dpo (2 tokens), quality-reviewer (1 token)")
        .contains("its head signed (Ed25519) as an anchor on cron")
        .contains("| pbx-asterisk-1 | freepbx | pbx1.example.internal | /var/spool/asterisk/monitor |")
        .doesNotContain("alice", "bob", "carol");
  }

  @Test
  void theRecordSaysWhenMaskingIsOffAndWhenNoPbxIsConfigured() throws Exception {
    Settings unmasked = settings.withOverrides(Map.of("callvault.masking.enabled", "false"));
    Files.delete(routes.resolve("pbx-asterisk-1.camel.yaml"));

    String md = record(unmasked).markdown();

    assertThat(md).doesNotContain("card-number tones masked").contains("| (none configured) | | | |");
  }

  @Test
  void eachBucketSaysWhereItsStorageTargetKeepsIt() {
    Settings twoPlaces = settings.withOverrides(Map.of("s3.endpoint", "https://user@minio.internal:9000/",
        "s3.region", "eu-west-3", "storage.archive.endpoint", "", "storage.archive.region", "eu-central-1"));

    Map<String, String> locations = Safeguards.from(twoPlaces, List.of()).locations();

    assertThat(locations).containsEntry("default", "S3-compatible server minio.internal:9000, region eu-west-3")
        .containsEntry("archive", "AWS S3, region eu-central-1");
    assertThat(record(twoPlaces).markdown()).contains("| callvault-legal (S3-compatible server minio.internal:9000,"
        + " region eu-west-3) |");
  }

  @Test
  void theCsvRecordHasOneCorrectlyQuotedRowPerPurpose() {
    String csv = record(settings).csv();

    List<List<String>> rows = parse(csv);
    assertThat(csv).contains("\r\n");
    assertThat(rows).hasSize(1 + policies.purposes().size());
    List<String> header = rows.get(0);
    assertThat(header).startsWith("Controller", "Data protection officer").contains("Purpose", "Legal basis",
        "Retention", "Encryption", "Access", "Sources");
    assertThat(header).doesNotHaveDuplicates();
    assertThat(rows).allSatisfy(r -> assertThat(r).hasSameSizeAs(header));
    List<String> training = rows.get(1);
    assertThat(training.get(header.indexOf("Purpose"))).isEqualTo("training");
    assertThat(training.get(header.indexOf("Controller"))).isEqualTo("Example Bank SA, 1 rue de l'Exemple, 75001 Paris");
    assertThat(training.get(header.indexOf("Legal basis")))
        .isEqualTo("Consent, Art. 6(1)(a) (consent flag 'training'; withdrawal erases, Art. 7(3))");
    assertThat(training.get(header.indexOf("Sources")))
        .isEqualTo("pbx-asterisk-1 (freepbx, pbx1.example.internal:/var/spool/asterisk/monitor)");
  }

  @Test
  void csvFieldsWithQuotesCommasAndLineBreaksAreQuotedAndQuotesDoubled() {
    assertThat(Markup.csv("plain")).isEqualTo("plain");
    assertThat(Markup.csv("a, b")).isEqualTo("\"a, b\"");
    assertThat(Markup.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(Markup.csv("two\nlines")).isEqualTo("\"two\nlines\"");
  }

  /** An RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks. */
  static List<List<String>> parse(String csv) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < csv.length(); i++) {
      char c = csv.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        field.append(c);
      }
    }
    return rows;
  }
}
