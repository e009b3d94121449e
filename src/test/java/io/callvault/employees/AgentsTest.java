package io.callvault.employees;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.source.CdrRecord;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.Recording;
import io.callvault.source.Recording.AudioFormat;
import io.callvault.source.Recording.Direction;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class AgentsTest {
  private final Agents agents = new Agents(new PhoneNumbers("GB"));

  private static Recording call(String type, Direction d, String caller, String callee, Recording.Context context) {
    return new Recording("rec_1", "pbx", "1.1", type, d, Instant.parse("2024-03-15T10:00:00Z"), caller, callee,
        null, null, null, null, AudioFormat.WAV_PCM, "wav", context);
  }

  private static CdrRecord cdr(String channel, String dstchannel) {
    LocalDateTime t = LocalDateTime.parse("2024-03-15T10:00:00");
    return new CdrRecord("07700900123", "400", "from-queue", channel, dstchannel, t, t, t, 60, 55, "ANSWERED", "1.1", "");
  }

  @Test
  void aQueueCallsAgentIsTheMemberWhoAnsweredNotTheQueue() {
    Recording r = call("q", Direction.INBOUND, "+447700900123", "400", Recording.Context.NONE);
    assertThat(agents.of(r, cdr("SIP/trunk-00000001", "Local/203@from-queue-00000007;1"))).containsExactly("203");
    assertThat(agents.of(r, null)).as("without the CDR the queue number is no agent").isEmpty();
  }

  @Test
  void anInternalCallHasBothExtensionsAsAgents() {
    Recording r = call("internal", Direction.INTERNAL, "201", "202", Recording.Context.NONE);
    assertThat(agents.of(r, cdr("PJSIP/201-0000002a", "PJSIP/202-0000002b"))).containsExactly("201", "202");
    assertThat(agents.of(r, null)).containsExactly("201", "202");
  }

  @Test
  void theRecordersOwnerComesFirstAndACustomersNumberIsNeverAnAgent() {
    Recording r = call("in", Direction.INBOUND, "+447700900123", "201", new Recording.Context("205", "Sales", null));
    assertThat(agents.of(r, null)).containsExactly("205");
    Recording plain = call("in", Direction.INBOUND, "+447700900123", "201", Recording.Context.NONE);
    assertThat(agents.of(plain, null)).containsExactly("201");
  }
}
