package io.callvault.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.source.Recording.Direction;
import java.time.LocalDateTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallDirectionsTest {

  private final PhoneNumbers numbers = new PhoneNumbers("GB");

  @ParameterizedTest(name = "{0} {1}->{2}")
  @CsvSource({
    "from-trunk, 07700900123, 01632960000, INBOUND",
    "from-pstn-e164-us, +447700900123, 201, INBOUND",
    "from-did-direct, 07700900123, 201, INBOUND",
    "ext-did-0002, 07700900123, 201, INBOUND",
    "from-internal, 201, 07700900123, OUTBOUND",
    "from-internal, 201, 202, INTERNAL",
    "from-internal-xfer, 201, *97, INTERNAL",
    "macro-dialout-trunk, 201, 0033612345678, OUTBOUND",
    "ext-queues, 07700900123, 400, INBOUND",
    "ext-queues, 201, 400, INTERNAL",
    "ext-group, anonymous, 600, INBOUND",
    "ext-local, 201, 07700900123, OUTBOUND",
  })
  void cdrContextAndPartiesGiveTheDirection(
      String dcontext, String src, String dst, Direction expected) {
    CdrRecord cdr = new CdrRecord(src, dst, dcontext, "", "", LocalDateTime.now(), null, null, 0,
        0, "ANSWERED", "1.1", null);
    assertThat(CallDirections.fromCdr(cdr, numbers)).contains(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "in, INBOUND", "q, INBOUND", "rg, INBOUND", "out, OUTBOUND", "internal, INTERNAL",
    "exten, INTERNAL"
  })
  void unambiguousFileTypesGiveTheDirection(String type, Direction expected) {
    assertThat(CallDirections.fromCallType(type)).contains(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"external", "ondemand", "force", "auto"})
  void ambiguousFileTypesSayNothing(String type) {
    assertThat(CallDirections.fromCallType(type)).isEmpty();
  }
}
