package io.callvault.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SubjectKeysTest {

  static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  @Test
  void sameIdentifierAndSecretAlwaysGiveTheSameKey() {
    assertThat(new SubjectKeys(SECRET).keyOf("+33612345678"))
        .isEqualTo(new SubjectKeys(SECRET.clone()).keyOf("+33612345678"))
        .matches("[0-9a-f]{64}");
  }

  @Test
  void keyIsTheHmacSha256OfTheIdentifier() {
    // computed independently: printf '%s' '+33612345678' | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef
    assertThat(new SubjectKeys(SECRET).keyOf("+33612345678")).isEqualTo(EXPECTED);
  }

  @Test
  void anotherSecretGivesAnUnrelatedKey() {
    byte[] other = SECRET.clone();
    other[0] ^= 1;
    assertThat(new SubjectKeys(other).keyOf("+33612345678"))
        .isNotEqualTo(new SubjectKeys(SECRET).keyOf("+33612345678"));
  }

  @Test
  void differentIdentifiersGiveDifferentKeys() {
    SubjectKeys keys = new SubjectKeys(SECRET);
    assertThat(keys.keyOf("+33612345678")).isNotEqualTo(keys.keyOf("+33612345679"));
  }

  @Test
  void secretShorterThanSixteenBytesIsRejectedWithTheFix() {
    assertThatThrownBy(() -> new SubjectKeys(new byte[15]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("15 bytes").hasMessageContaining("at least 16");
    assertThatThrownBy(() -> new SubjectKeys(null)).hasMessageContaining("missing");
  }

  @Test
  void laterChangesToTheCallersSecretArrayDoNotChangeKeys() {
    byte[] secret = SECRET.clone();
    SubjectKeys keys = new SubjectKeys(secret);
    String before = keys.keyOf("crm-42");
    secret[3] ^= 0x55;
    assertThat(keys.keyOf("crm-42")).isEqualTo(before);
  }

  @Test
  void blankIdentifierIsRejectedWithoutEchoingIt() {
    assertThatThrownBy(() -> new SubjectKeys(SECRET).keyOf(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringDoesNotRevealTheSecret() {
    assertThat(new SubjectKeys(SECRET).toString()).doesNotContain("0123456789abcdef");
  }

  static final String EXPECTED = "08a3ca6b31cfb0ff0370784f7851bd0cd87000c5f0b92c408fc7657bf8b00cc7";
}
