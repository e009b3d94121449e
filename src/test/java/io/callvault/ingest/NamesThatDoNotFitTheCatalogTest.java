package io.callvault.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.source.CdrRecord;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.Recording;
import io.callvault.source.RecordingIdentifier;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What the catalog keeps of a file name must fit its columns: refused at identify, before anything is uploaded. */
class NamesThatDoNotFitTheCatalogTest {

  private static Recording identify(String name) throws Exception {
    return new RecordingIdentifier(new PhoneNumbers("GB"), ZoneOffset.UTC, s -> "0".repeat(64))
        .identify("asterisk-1", name, (CdrRecord) null);
  }

  private static void check(String name) throws Exception {
    Identify.checkFitsTheCatalog("2024/03/15/" + name, identify(name));
  }

  @Test
  void aUniqueidOf128CharactersFitsAndOneOf129IsRefusedNamingTheLengthsNotTheName() throws Exception {
    check("in-201-07700900123-20240315-103000-" + "1".repeat(128) + ".wav");

    assertThatThrownBy(() -> check("in-201-07700900123-20240315-103000-" + "1".repeat(129) + ".wav"))
        .isInstanceOf(BadFileException.class).hasMessageContaining("129 characters long")
        .hasMessageContaining("at most 128").hasMessageNotContaining("07700900123");
  }

  @Test
  void aQueueNumberLongerThan64CharactersIsRefused() {
    assertThatThrownBy(() -> check("q-" + "4".repeat(65) + "-07700900123-20240315-103000-1710498600.1.wav"))
        .isInstanceOf(BadFileException.class).hasMessageContaining("queue").hasMessageContaining("at most 64");
  }

  @Test
  void controlCharactersAreRefusedButSpacesUnicodeAndDotsAreNot() throws Exception {
    for (String uniqueId : new String[] {"1710498600.1 copy", "1710498600.1-café", "1710498600..1", "x.1710498600.1"}) {
      check("in-201-07700900123-20240315-103000-" + uniqueId + ".wav");
    }
    for (String uniqueId : new String[] {"1710498600.1\n", "1710498600.1\t", "1710498600.1\u0000", "1710498600.1\u007f"}) {
      assertThatThrownBy(() -> check("in-201-07700900123-20240315-103000-" + uniqueId + ".wav"))
          .isInstanceOf(BadFileException.class).hasMessageContaining("control characters");
    }
    assertThat(identify("in-201-07700900123-20240315-103000-1710498600.1 copy.wav").uniqueId())
        .isEqualTo("1710498600.1 copy");
  }
}
