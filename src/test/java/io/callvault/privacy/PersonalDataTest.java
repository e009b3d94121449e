package io.callvault.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PersonalDataTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "rec_15729f1234567f42d869ea1f",          // the id the issue saw garbled
      "rec_123456789012345678901234",          // a recording id that is all digits
      "f_01234567890123456789",
      "hold_0123456789012345",
      "cert_01234567890123456789012345678901",
      "sweep_9876543210987654",
      "anon_000000000000123456789012",
      "rec_15729f1234567f42d869ea1f-training-8812345678901234567.gpg.part",
      "anchor-000000000042-20240315T142233123456Z-hub-1.json",
      "550e8400-e29b-41d4-a716-446655440000",
      "E3F0C4F2D5A8E9B-0000000000000001",
      "INC0012345",
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      "2024-03-15T10:30:00Z",
      "timeout after 30 s on port 22"})
  void callvaultIdsAndOrdinaryTextPassWhole(String text) {
    String line = "WARN file " + text + " failed";
    assertThat(PersonalData.redact(line)).isEqualTo(line);
    assertThat(PersonalData.looksLikePhoneNumber(line)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "+447700900123", "07700900123", "+44 7700 900123", "020-7946-0958", "+44-20-7946-0958",
      "0044.20.7946.0958"})
  void phoneNumbersInAnyUsualSpellingAreRedacted(String number) {
    String line = "caller " + number + " hung up";
    assertThat(PersonalData.redact(line)).isEqualTo("caller [redacted] hung up");
    assertThat(PersonalData.looksLikePhoneNumber(line)).isTrue();
  }

  @Test
  void aLogLineWithAnIdAndANumberKeepsTheIdAndLosesTheNumber() {
    String line = "recording rec_15729f1234567f42d869ea1f (f_01234567890123456789): upload of"
        + " in-201-07700900123-20240315-103000-1710498600.1.wav failed";
    assertThat(PersonalData.redact(line)).isEqualTo("recording rec_15729f1234567f42d869ea1f"
        + " (f_01234567890123456789): upload of in-201-[redacted]-[redacted]-103000-[redacted].1.wav failed");
  }

  @Test
  void numbersJoinedByUnderscoresOrInLookalikeIdsAreStillRedacted() {
    assertThat(PersonalData.redact("20240315_103000_07700900123.wav")).isEqualTo("[redacted]_103000_[redacted].wav");
    assertThat(PersonalData.redact("rec_07700900123.wav")).isEqualTo("rec_[redacted].wav");
    assertThat(PersonalData.redact("event evt-07700900123")).isEqualTo("event evt-[redacted]");
    assertThat(PersonalData.looksLikePhoneNumber("hold_07700900123")).isTrue();
  }

  @Test
  void aTempDirectoryNumberPassesButARecordingNameBelowItIsRedacted() {
    String path = "/tmp/junit-1234567890/drop/2024/03/15/in-201-07700900123-20240315-103000-1710498600.1.wav";
    assertThat(PersonalData.redact("cannot read " + path)).isEqualTo(
        "cannot read /tmp/junit-1234567890/drop/2024/03/15/in-201-[redacted]-[redacted]-103000-[redacted].1.wav");
    assertThat(PersonalData.redact("/tmp/junit12345678901234567/x and /var/tmp/callvault-pg998877665544.tmp"))
        .isEqualTo("/tmp/junit12345678901234567/x and /var/tmp/callvault-pg998877665544.tmp");
    assertThat(PersonalData.redact("/tmp/07700900123.wav")).isEqualTo("/tmp/[redacted].wav");
    assertThat(PersonalData.redact("/home/pbx/tmp/junit-1234567890/a"))
        .as("only the system temp directory's children").isEqualTo("/home/pbx/tmp/junit-[redacted]/a");
  }

  @Test
  void nullAndEmptyAreLeftAlone() {
    assertThat(PersonalData.redact(null)).isNull();
    assertThat(PersonalData.redact("")).isEmpty();
    assertThat(PersonalData.looksLikePhoneNumber(null)).isFalse();
  }
}
