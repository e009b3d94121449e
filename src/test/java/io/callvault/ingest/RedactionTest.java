package io.callvault.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void phoneNumbersInLibraryMessagesAreRedacted() {
    String message = "No such file: /drop/2024/03/15/in-201-07700900123-20240315-103000-1710498600.1.wav";
    assertThat(Redaction.of(message)).doesNotContain("07700900123").contains("[redacted]");
    assertThat(Redaction.of("call +44 7700 900123 failed")).doesNotContain("7700 900123");
  }

  @Test
  void reasonNamesTheTypeAndKeepsShortNumbers() {
    String reason = Redaction.reason(new IOException("timeout after 30 s on port 22"));
    assertThat(reason).isEqualTo("IOException: timeout after 30 s on port 22");
  }

  @Test
  void aReasonKeepsTheRecordingIdWholeSoThatItCanBeMatchedToItsRecording() {
    String reason = Redaction.reason(new IOException("upload of rec_15729f1234567f42d869ea1f to callvault-training"
        + " failed after 3000000 ms"));
    assertThat(reason).isEqualTo("IOException: upload of rec_15729f1234567f42d869ea1f to callvault-training"
        + " failed after [redacted] ms");
  }
}
