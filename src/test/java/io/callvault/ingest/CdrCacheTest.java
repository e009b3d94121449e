package io.callvault.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.source.FreePbxFormat;
import io.callvault.source.PhoneNumbers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A Master.csv appended to all day is read again at each change: its bad rows are counted once each. */
class CdrCacheTest {
  private static final String GOOD = "\"\",\"07700900123\",\"201\",\"from-pstn\",\"\",\"PJSIP/t-1\",\"\",\"Dial\",\"x\","
      + "\"2024-03-15 10:30:00\",\"2024-03-15 10:30:02\",\"2024-03-15 10:31:00\",60,58,\"ANSWERED\",\"DOCUMENTATION\","
      + "\"1710498700.1\"";

  private final BadInputs counts = new BadInputs();
  private final CdrCache cache = new CdrCache(counts);

  private void load(String csv, long modified) throws Exception {
    byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
    cache.load(new Ingest(new DropFile("pbx", "Master.csv", ZoneOffset.UTC, "f_00000000000000000000"),
        new FreePbxFormat(new PhoneNumbers("GB")), "drop", bytes.length, modified,
        () -> new ByteArrayInputStream(bytes)));
  }

  @Test
  void badRowsAreCountedOnceEachAcrossReloadsOfAGrowingFile() throws Exception {
    load(GOOD + "\nbroken,row\n", 1);
    assertThat(counts.count(BadInputs.CDR_MALFORMED_ROW)).isEqualTo(1);

    load(GOOD + "\nbroken,row\n" + GOOD.replace(".1\"", ".2\"") + "\n", 2);
    assertThat(counts.count(BadInputs.CDR_MALFORMED_ROW)).as("the same bad row, reloaded").isEqualTo(1);

    load(GOOD + "\nbroken,row\n" + GOOD.replace(".1\"", ".2\"") + "\n\"unclosed\n", 3);
    assertThat(counts.count(BadInputs.CDR_MALFORMED_ROW)).as("one new bad row").isEqualTo(2);
    assertThat(cache.index("drop").rows()).isEqualTo(2);
  }
}
