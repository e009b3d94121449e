package io.callvault.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsentAnswerTest {
  @Test
  void flagTheSourceDidNotMentionIsUnknownNotConsent() {
    ConsentAnswer answer = new ConsentAnswer(Map.of("training", ConsentStatus.GRANTED), "csv");
    assertThat(answer.status("training")).isEqualTo(ConsentStatus.GRANTED);
    assertThat(answer.status("marketing")).isEqualTo(ConsentStatus.UNKNOWN);
  }
}
