package io.callvault.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PhoneNumbersTest {

  private final PhoneNumbers gb = new PhoneNumbers("GB");

  @ParameterizedTest(name = "{0}")
  @CsvSource(value = {
    "07700 900123|+447700900123",
    "07700900123|+447700900123",
    "00447700900123|+447700900123",
    "+447700900123|+447700900123",
    "447700900123|+447700900123",
    "+44 (0)7700 900123|+447700900123",
    "01632 960123|+441632960123",
    "+33 1 42 68 53 00|+33142685300",
    "0033612345678|+33612345678",
  }, delimiter = '|')
  void nationalAndInternationalFormsBecomeE164(String raw, String e164) {
    assertThat(gb.e164(raw)).contains(e164);
    assertThat(gb.isExtension(raw)).isFalse();
    assertThat(gb.normalise(raw)).isEqualTo(e164);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"201", "4000", "123456", " 220 "})
  void shortNumbersAreExtensionsWithoutE164(String raw) {
    assertThat(gb.isExtension(raw)).isTrue();
    assertThat(gb.e164(raw)).isEmpty();
    assertThat(gb.normalise(raw)).isEqualTo(raw.trim());
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {"anonymous", "Anonymous", "  ", "Withheld", "unknown"})
  void withheldOrMissingPartiesHaveNoNumber(String raw) {
    assertThat(gb.e164(raw)).isEmpty();
    assertThat(gb.isExtension(raw)).isFalse();
    assertThat(gb.normalise(raw)).isNull();
  }

  @Test
  void garbageIsNotANumber() {
    assertThat(gb.e164("s")).isEmpty();
    assertThat(gb.e164("sip-trunk")).isEmpty();
    assertThat(gb.e164("12345678901234567890")).isEmpty(); // too long for any number
  }

  @Test
  void defaultRegionDecidesHowNationalNumbersAreRead() {
    PhoneNumbers fr = new PhoneNumbers("fr");
    assertThat(fr.e164("01 42 68 53 00")).contains("+33142685300");
    assertThat(fr.e164("+447700900123")).contains("+447700900123");
  }

  @Test
  void extensionLengthIsConfigurable() {
    PhoneNumbers threeDigit = new PhoneNumbers("GB", 3);
    assertThat(threeDigit.isExtension("201")).isTrue();
    assertThat(threeDigit.isExtension("2001")).isFalse();
  }

  @Test
  void unknownRegionIsRejected() {
    assertThatThrownBy(() -> new PhoneNumbers("UK"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("GB");
  }
}
