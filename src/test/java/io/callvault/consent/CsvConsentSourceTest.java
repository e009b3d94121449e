package io.callvault.consent;

import static io.callvault.consent.ConsentStatus.DENIED;
import static io.callvault.consent.ConsentStatus.GRANTED;
import static io.callvault.consent.ConsentStatus.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvConsentSourceTest {
  private static final String CALLER = "+33612345678";

  @TempDir Path dir;

  private Path write(String content) throws Exception {
    Path file = dir.resolve("consent.csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void everyDocumentedSpellingMapsToItsStatus() throws Exception {
    String[] granted = {"granted", "TRUE", "Yes", "y", "1", "opt-in", " Opt-In "};
    String[] denied = {"denied", "False", "NO", "n", "0", "opt-out", "Withdrawn"};
    String[] unknown = {"", "maybe", "2", "pending"};
    StringBuilder csv = new StringBuilder("subject,training\n");
    int i = 0;
    for (String v : granted) {
      csv.append("g").append(i++).append(',').append(v).append('\n');
    }
    i = 0;
    for (String v : denied) {
      csv.append("d").append(i++).append(',').append(v).append('\n');
    }
    i = 0;
    for (String v : unknown) {
      csv.append("u").append(i++).append(',').append(v).append('\n');
    }
    CsvConsentSource source = new CsvConsentSource(write(csv.toString()));

    for (int k = 0; k < granted.length; k++) {
      assertThat(source.lookup("g" + k).status("training")).as(granted[k]).isEqualTo(GRANTED);
    }
    for (int k = 0; k < denied.length; k++) {
      assertThat(source.lookup("d" + k).status("training")).as(denied[k]).isEqualTo(DENIED);
    }
    for (int k = 0; k < unknown.length; k++) {
      assertThat(source.lookup("u" + k).status("training")).as(unknown[k]).isEqualTo(UNKNOWN);
    }
  }

  @Test
  void callerRowGivesEachFlagAndNamesTheSource() throws Exception {
    CsvConsentSource source =
        new CsvConsentSource(write("subject,training,quality\r\n" + CALLER + ",yes,no\r\n"));

    ConsentAnswer answer = source.lookup(CALLER);

    assertThat(answer.status("training")).isEqualTo(GRANTED);
    assertThat(answer.status("quality")).isEqualTo(DENIED);
    assertThat(answer.status("marketing")).isEqualTo(UNKNOWN);
    assertThat(answer.source()).isEqualTo("csv");
  }

  @Test
  void unknownSubjectIsAnAnswerWithoutFlags() throws Exception {
    CsvConsentSource source = new CsvConsentSource(write("subject,training\n+4930123,yes\n"));

    ConsentAnswer answer = source.lookup(CALLER);

    assertThat(answer.flags()).isEmpty();
    assertThat(answer.status("training")).isEqualTo(UNKNOWN);
  }

  @Test
  void quotedFieldsMayHoldCommasQuotesAndNewlines() throws Exception {
    String csv =
        "\uFEFF\"subject\",\"training, recorded\",quality\n"
            + "\"CRM-1,2\",\"yes\",\"no\"\n"
            + "\"CRM \"\"3\"\"\",\"opt-in\",\"multi\nline\"\n";
    CsvConsentSource source = new CsvConsentSource(write(csv));

    assertThat(source.lookup("CRM-1,2").status("training, recorded")).isEqualTo(GRANTED);
    assertThat(source.lookup("CRM-1,2").status("quality")).isEqualTo(DENIED);
    assertThat(source.lookup("CRM \"3\"").status("training, recorded")).isEqualTo(GRANTED);
    assertThat(source.lookup("CRM \"3\"").status("quality")).isEqualTo(UNKNOWN);
  }

  @Test
  void shortRowsLeaveMissingFlagsUnknown() throws Exception {
    CsvConsentSource source =
        new CsvConsentSource(write("subject,training,quality\n" + CALLER + ",yes\n\n"));

    assertThat(source.lookup(CALLER).status("training")).isEqualTo(GRANTED);
    assertThat(source.lookup(CALLER).status("quality")).isEqualTo(UNKNOWN);
  }

  @Test
  void duplicateRowsKeepTheLeastPermissiveValue() throws Exception {
    CsvConsentSource source =
        new CsvConsentSource(
            write("subject,training,quality\n" + CALLER + ",yes,\n" + CALLER + ",no,yes\n"));

    assertThat(source.lookup(CALLER).status("training")).isEqualTo(DENIED);
    assertThat(source.lookup(CALLER).status("quality")).isEqualTo(GRANTED);
  }

  @Test
  void changedFileIsReloaded() throws Exception {
    Path file = write("subject,training\n" + CALLER + ",yes\n");
    CsvConsentSource source = new CsvConsentSource(file);
    assertThat(source.lookup(CALLER).status("training")).isEqualTo(GRANTED);

    // Same length, so only the modification time tells the change.
    Files.writeString(file, "subject,training\n" + CALLER + ",no!\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

    assertThat(source.lookup(CALLER).status("training")).isEqualTo(UNKNOWN);

    Files.writeString(file, "subject,training\n" + CALLER + ",withdrawn\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));

    assertThat(source.lookup(CALLER).status("training")).isEqualTo(DENIED);
  }

  @Test
  void unchangedFileIsNotReRead() throws Exception {
    Path file = write("subject,training\n" + CALLER + ",yes\n");
    FileTime stamp = FileTime.from(Instant.parse("2025-01-01T00:00:00Z"));
    Files.setLastModifiedTime(file, stamp);
    CsvConsentSource source = new CsvConsentSource(file);
    assertThat(source.lookup(CALLER).status("training")).isEqualTo(GRANTED);

    // Same size and same mtime: the source keeps what it loaded.
    Files.writeString(file, "subject,training\n" + CALLER + ",no!\n");
    Files.setLastModifiedTime(file, stamp);

    assertThat(source.lookup(CALLER).status("training")).isEqualTo(GRANTED);
  }

  @Test
  void missingFileIsUnavailableAndNamesTheFileNotTheSubject() {
    Path file = dir.resolve("absent.csv");
    CsvConsentSource source = new CsvConsentSource(file);

    ConsentUnavailableException e =
        catchThrowableOfType(() -> source.lookup(CALLER), ConsentUnavailableException.class);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains(file.toString()).doesNotContain(CALLER)
        .doesNotContain("612345678");
  }

  @Test
  void fileDeletedAfterLoadingBecomesUnavailable() throws Exception {
    Path file = write("subject,training\n" + CALLER + ",yes\n");
    CsvConsentSource source = new CsvConsentSource(file);
    source.lookup(CALLER);

    Files.delete(file);

    assertThat(catchThrowableOfType(() -> source.lookup(CALLER), ConsentUnavailableException.class))
        .hasMessageContaining(file.toString());
  }

  @Test
  void wrongHeaderIsUnavailableWithTheReason() throws Exception {
    Path file = write("phone,training\n" + CALLER + ",yes\n");
    CsvConsentSource source = new CsvConsentSource(file);

    ConsentUnavailableException e =
        catchThrowableOfType(() -> source.lookup(CALLER), ConsentUnavailableException.class);

    assertThat(e.getMessage()).contains(file.toString()).contains("subject")
        .doesNotContain(CALLER);
  }

  @Test
  void unclosedQuoteIsUnavailableWithTheLineButNotTheSubject() throws Exception {
    Path file = write("subject,training\n\"" + CALLER + ",yes\n");
    CsvConsentSource source = new CsvConsentSource(file);

    ConsentUnavailableException e =
        catchThrowableOfType(() -> source.lookup(CALLER), ConsentUnavailableException.class);

    assertThat(e.getMessage()).contains("line 2").doesNotContain(CALLER);
  }
}
