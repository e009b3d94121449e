package io.callvault.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CdrIndexTest {

  private static final String ROW_21 =
      "\"\",\"07700900123\",\"201\",\"from-trunk\",\"\"\"Smith, J\"\" <07700900123>\","
          + "\"PJSIP/trunk-00000001\",\"PJSIP/201-00000002\",\"Dial\",\"PJSIP/201,20,tTr\","
          + "\"2024-03-15 14:12:33\",\"2024-03-15 14:12:40\",\"2024-03-15 14:15:00\",147,140,"
          + "\"ANSWERED\",\"DOCUMENTATION\",\"1710512553.42\",\"ticket \"\"42\"\", urgent\","
          + "\"\",\"1710512553.42\",7";
  private static final String ROW_16 =
      "\"\",\"201\",\"202\",\"from-internal\",\"\"\"Desk\"\" <201>\",\"PJSIP/201-00000003\","
          + "\"PJSIP/202-00000004\",\"Dial\",\"PJSIP/202,20\",\"2024-03-15 15:00:00\","
          + "\"2024-03-15 15:00:05\",\"2024-03-15 15:01:00\",60,55,\"ANSWERED\",\"DOCUMENTATION\"";

  private static CdrIndex parse(String text) {
    return CdrIndex.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static String row(String uniqueId, String disposition, int billsec, String answer) {
    return "\"\",\"07700900123\",\"400\",\"ext-queues\",\"\",\"PJSIP/trunk-1\",\"\",\"Queue\","
        + "\"400,t,,,300\",\"2024-03-15 09:00:00\",\"" + answer + "\",\"2024-03-15 09:05:00\","
        + (billsec + 10) + "," + billsec + ",\"" + disposition + "\",\"DOCUMENTATION\",\""
        + uniqueId + "\",\"\",\"\",\"" + uniqueId + "\",1";
  }

  @Test
  void quotedFieldsWithCommasAndDoubledQuotesAreRead() {
    CdrIndex index = parse(ROW_21 + "\n");

    CdrRecord r = index.byUniqueId("1710512553.42").orElseThrow();
    assertThat(r.src()).isEqualTo("07700900123");
    assertThat(r.dst()).isEqualTo("201");
    assertThat(r.dcontext()).isEqualTo("from-trunk");
    assertThat(r.channel()).isEqualTo("PJSIP/trunk-00000001");
    assertThat(r.dstchannel()).isEqualTo("PJSIP/201-00000002");
    assertThat(r.start()).isEqualTo(LocalDateTime.of(2024, 3, 15, 14, 12, 33));
    assertThat(r.answer()).isEqualTo(LocalDateTime.of(2024, 3, 15, 14, 12, 40));
    assertThat(r.end()).isEqualTo(LocalDateTime.of(2024, 3, 15, 14, 15, 0));
    assertThat(r.duration()).isEqualTo(147);
    assertThat(r.billsec()).isEqualTo(140);
    assertThat(r.disposition()).isEqualTo("ANSWERED");
    assertThat(r.userfield()).isEqualTo("ticket \"42\", urgent");
    assertThat(index.malformedCount()).isZero();
  }

  @Test
  void sixteenColumnRowsAreReadButCannotBeFoundByUniqueId() {
    CdrIndex index = parse(ROW_16 + "\n" + ROW_21 + "\n");

    assertThat(index.rows()).isEqualTo(2);
    assertThat(index.rowsWithoutUniqueId()).isEqualTo(1);
    assertThat(index.size()).isEqualTo(1);
    assertThat(index.malformedCount()).isZero();
    assertThat(index.forOneTouch(LocalDateTime.of(2024, 3, 15, 15, 0, 30), "201", "202"))
        .get().extracting(CdrRecord::dst).isEqualTo("202");
  }

  @Test
  void malformedLinesAreSkippedCountedAndTheRestIsRead() {
    String text = String.join("\n",
        "\"\",\"201\",\"unterminated",
        "just,a,few,columns",
        ROW_21.replace("2024-03-15 14:12:33", "yesterday"),
        ROW_21.replace(",147,", ",abc,"),
        "\"\"x" + ROW_21,
        ROW_21 + ",\"22\",\"too many\"",
        "",
        row("1710600000.1", "ANSWERED", 30, "2024-03-15 09:00:10"));

    CdrIndex index = parse(text);

    assertThat(index.malformedLines()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(index.rows()).isEqualTo(1);
    assertThat(index.byUniqueId("1710600000.1")).isPresent();
  }

  @Test
  void answeredRowWithLongestBillsecWinsWhateverTheOrder() {
    String noAnswer = row("1710600000.9", "NO ANSWER", 0, "");
    String shortCall = row("1710600000.9", "ANSWERED", 12, "2024-03-15 09:00:10");
    String longCall = row("1710600000.9", "ANSWERED", 120, "2024-03-15 09:00:10");

    for (String text : new String[] {
        noAnswer + "\n" + shortCall + "\n" + longCall,
        longCall + "\n" + noAnswer + "\n" + shortCall,
        shortCall + "\n" + longCall + "\n" + noAnswer}) {
      CdrRecord best = parse(text).byUniqueId("1710600000.9").orElseThrow();
      assertThat(best.billsec()).isEqualTo(120);
      assertThat(best.answered()).isTrue();
    }
    CdrRecord unanswered = parse(noAnswer).byUniqueId("1710600000.9").orElseThrow();
    assertThat(unanswered.answer()).isNull();
    assertThat(unanswered.answered()).isFalse();
  }

  @Test
  void byteOrderMarkAndWindowsLineEndingsAreTolerated() {
    CdrIndex index = parse("\uFEFF" + ROW_21 + "\r\n" + ROW_16 + "\r\n");
    assertThat(index.rows()).isEqualTo(2);
    assertThat(index.malformedCount()).isZero();
    assertThat(index.byUniqueId("1710512553.42")).isPresent();
  }

  @Test
  void eighteenColumnFormCarriesUniqueIdAndUserfield() {
    String row18 = ROW_16 + ",\"node-a-1710520000.5\",\"vip\"";
    CdrRecord r = parse(row18).byUniqueId("node-a-1710520000.5").orElseThrow();
    assertThat(r.userfield()).isEqualTo("vip");
  }

  @Test
  void unknownUniqueIdIsEmpty() {
    assertThat(parse(ROW_21).byUniqueId("1710512553.43")).isEmpty();
    assertThat(CdrIndex.empty().byUniqueId("1710512553.42")).isEmpty();
  }

  @Test
  void oneTouchRecordingIsMatchedToTheCallInProgressWithItsParties() throws Exception {
    CdrIndex index = parse(ROW_21 + "\n" + ROW_16);
    // 14:13:00 London = 1710511980 epoch (GMT in March before the clocks change)
    ParsedName during = FreePbxFileName.parse("auto-1710511980-+447700900123-201.wav");
    ParsedName after = FreePbxFileName.parse("auto-1710512400-07700900123-201.wav");
    ParsedName stranger = FreePbxFileName.parse("auto-1710511980-07700900555-209.wav");

    ZoneId london = ZoneId.of("Europe/London");
    assertThat(index.lookup(during, london)).get()
        .extracting(CdrRecord::uniqueid).isEqualTo("1710512553.42");
    assertThat(index.lookup(after, london)).isEmpty();
    assertThat(index.lookup(stranger, london)).isEmpty();
  }

  @Test
  void skippedRowsAreCountedByWhyAndTheUniqueidsTheyNameAreKnown() {
    String fourteenColumns = String.join(",", java.util.Collections.nCopies(13, "\"x\"")) + ",\"1710600000.2\"";
    String badQuoting = row("node-b-1710600000.3", "ANSWERED", 5, "").replace("\"ANSWERED\"", "\"AN\"SWERED\"");
    String badTime = row("1710600000.4", "ANSWERED", 5, "yesterday");
    CdrIndex index = parse(String.join("\n", row("1710600000.1", "ANSWERED", 30, "2024-03-15 09:00:10"),
        fourteenColumns, badQuoting, badTime));

    assertThat(index.rows()).isEqualTo(1);
    assertThat(index.malformedLines()).containsExactly(2L, 3L, 4L);
    assertThat(index.malformedReasons()).containsEntry("14 columns (expected 16 to 21)", 1)
        .containsEntry("bad quoting", 1).containsEntry("a time or number that cannot be read", 1);
    assertThat(index.malformedLineOf("1710600000.2")).contains(2L);
    assertThat(index.malformedLineOf("node-b-1710600000.3")).contains(3L);
    assertThat(index.malformedLineOf("1710600000.4")).contains(4L);
    assertThat(index.malformedLineOf("1710600000.1")).as("a row that was read").isEmpty();
    assertThat(index.malformedLineOf("1710600000")).isEmpty();
  }
}
