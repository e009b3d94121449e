package io.callvault.source;

import static io.callvault.source.FormatFixtures.FORMATS;
import static io.callvault.source.FormatFixtures.byName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.source.Recording.Direction;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ThreeCxFormatTest {
  private final PbxFormat threeCx = FORMATS.get("3cx");

  @Test
  void theDocumentedExampleNameIsAnOutboundCallOfExtension201() throws Exception {
    Recording r = byName(threeCx, "201/[Caller Name]_201-0114627554_20190219120918(380).wav", CallIndex.EMPTY);
    assertThat(r.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(r.start()).isEqualTo(Instant.parse("2019-02-19T12:09:18Z"));
    assertThat(r.uniqueId()).isEqualTo("201/20190219120918(380)");
    assertThat(r.context().agent()).isEqualTo("201");
    assertThat(r.subject()).isEqualTo(new PhoneNumbers("GB").asSubject("0114627554"));
  }

  @Test
  void namesWithBracketsSpacesParenthesesAndUnicodeAreRead() throws Exception {
    for (String display : new String[] {"Zoë Müller-Łukasiewicz", "[VIP] O'Brien (home)", "王小明", "a]_b", ""}) {
      Recording r = byName(threeCx, "202/[" + display + "]_+447700900123-202_20240315103000(17).wav", CallIndex.EMPTY);
      assertThat(r.direction()).as(display).isEqualTo(Direction.INBOUND);
      assertThat(r.subject()).as(display).isEqualTo("+447700900123");
      assertThat(r.uniqueId()).as(display).isEqualTo("202/20240315103000(17)");
    }
  }

  @Test
  void aNameThatIsNot3cxIsUnidentifiable() {
    assertThatThrownBy(() -> byName(threeCx, "201/in-201-07700900123-20240315-103000-1.1.wav", CallIndex.EMPTY))
        .isInstanceOf(UnidentifiableRecordingException.class).hasMessageContaining("3CX pattern");
  }
}
