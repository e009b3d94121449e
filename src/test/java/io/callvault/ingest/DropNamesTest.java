package io.callvault.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Names a drop entry may not have: they are quarantined, never followed; ordinary vendor names pass. */
class DropNamesTest {

  @Test
  void aNameThatClimbsOutOfTheDropIsRefusedAndNeverMoved() {
    for (String name : new String[] {"../etc/passwd", "2024/../../x.wav", "a\\..\\..\\x.wav", ".."}) {
      assertThat(DropNames.unsafe(name)).as(name).contains("climbs out of the drop");
      assertThat(DropNames.movable(name)).as(name).isFalse();
    }
  }

  @Test
  void anAbsoluteNameIsRefusedAndNeverMoved() {
    for (String name : new String[] {"/etc/shadow", "\\\\host\\share\\x.wav", "C:\\rec\\x.wav", "c:x.wav"}) {
      assertThat(DropNames.unsafe(name)).as(name).contains("absolute path");
      assertThat(DropNames.movable(name)).as(name).isFalse();
    }
  }

  @Test
  void aNameWithControlCharactersIsRefusedButMayBeMovedToQuarantine() {
    for (String name : new String[] {"in-1\n-2.wav", "x\u001b[31m.wav", "tab\there.wav", "a\u2028b.wav", "nul\u0000.wav"}) {
      assertThat(DropNames.unsafe(name)).as(name).contains("control characters");
      assertThat(DropNames.movable(name)).as(name).isTrue();
    }
  }

  @Test
  void vendorNamesWithBracketsSpacesDotsAndUnicodePass() {
    for (String name : new String[] {"2024/03/15/in-201-07700900123-20240315-103000-1710498600.1.wav",
        "201/[Zoë Müller-Łukasiewicz 王]_202-07700900456_20240315110000(18).wav", "calls/..hidden..wav",
        "2024/03/15/15/20240315_150000_KUU.wav", "a..b/c.xml"}) {
      assertThat(DropNames.unsafe(name)).as(name).isNull();
    }
    assertThat(DropNames.unsafe("")).isEqualTo("the file has no name");
  }
}
