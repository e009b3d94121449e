package io.callvault.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.source.PhoneNumbers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvNationalNumbersTest {
  @Test
  void rowsInNationalFormatMatchTheE164NumberIngestAsksFor(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("consent.csv");
    Files.writeString(csv, "subject,training\n07700 900123,granted\nCRM-0042,denied\n");
    PhoneNumbers gb = new PhoneNumbers("GB");
    CsvConsentSource source = new CsvConsentSource(csv, s -> gb.e164(s).orElse(s));

    assertThat(source.lookup("+447700900123").status("training")).isEqualTo(ConsentStatus.GRANTED);
    assertThat(source.lookup("CRM-0042").status("training")).isEqualTo(ConsentStatus.DENIED);
  }
}
