package io.callvault.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.source.Recording.Direction;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The subject of a call is the external party, whichever direction the call went and however the PBX wrote it. */
class SubjectsTest {
  private final PhoneNumbers numbers = new PhoneNumbers("GB");
  private final RecordingIdentifier freepbx = new RecordingIdentifier(numbers, ZoneOffset.UTC, s -> "0".repeat(64));

  private static CdrRecord cdr(String src, String dst, String context, String uniqueId) {
    LocalDateTime t = LocalDateTime.of(2024, 7, 15, 14, 12, 33);
    return new CdrRecord(src, dst, context, "PJSIP/a-1", "PJSIP/b-2", t, t, t.plusSeconds(60), 60, 60, "ANSWERED",
        uniqueId, "");
  }

  @Test
  void freePbxOutAndExternalNamesPutTheCustomerInTheFieldItIs() throws Exception {
    assertThat(freepbx.identify("s", "out-07700900123-201-20240715-141233-1.1.wav", (CdrRecord) null).subject())
        .isEqualTo("+447700900123");
    Recording toCustomer = freepbx.identify("s", "external-07700900456-201-20240715-141233-1.2.wav", (CdrRecord) null);
    assertThat(toCustomer.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(toCustomer.subject()).isEqualTo("+447700900456");
    Recording fromCustomer = freepbx.identify("s", "external-201-07700900456-20240715-141233-1.3.wav", (CdrRecord) null);
    assertThat(fromCustomer.direction()).isEqualTo(Direction.INBOUND);
    assertThat(fromCustomer.subject()).isEqualTo("+447700900456");
  }

  @Test
  void aCallTheCdrMarksOutboundIsNotFiledUnderTheAgentsExtension() throws Exception {
    Recording r = freepbx.identify("s", "ondemand-201-07700900123-20240715-141233-1.4.wav",
        cdr("201", "07700900123", "from-internal", "1.4"));
    assertThat(r.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(r.subject()).isEqualTo("+447700900123");
    Recording empty = freepbx.identify("s", "force--201-20240715-141233-1.5.wav",
        cdr("201", "07700900124", "from-internal", "1.5"));
    assertThat(empty.subject()).isEqualTo("+447700900124");
  }

  @Test
  void aWithheldCustomerStaysUnknownAndTheCompanysNumberIsNeverTakenForThem() {
    assertThat(Subjects.of(Direction.INBOUND, "anonymous", "+441632960000", numbers)).isNull();
    assertThat(Subjects.of(Direction.INBOUND, "anonymous", "201", numbers)).isNull();
    assertThat(Subjects.of(Direction.INTERNAL, "201", "202", numbers)).isNull();
  }

  @Test
  void aNumberThatCannotBeNormalisedIsStillTheSubjectAsWrittenNeverDropped() throws Exception {
    // dialled with the PBX's outbound prefix 9 before 00 44...: no E.164 form in GB
    Recording r = freepbx.identify("s", "out-900447700900123-201-20240715-141233-1.6.wav", (CdrRecord) null);
    assertThat(r.subject()).isEqualTo("900447700900123");
    assertThat(numbers.notNormalised(r.subject())).isTrue();
    assertThat(numbers.asSubject("9 0044 7700 900123")).as("the rights API keys it the same way")
        .isEqualTo("900447700900123");
    assertThat(numbers.asSubject(" 07700 900884 ")).isEqualTo("+447700900884");
    assertThat(numbers.asSubject("0033XRM-ID")).as("a CRM id stays as given").isEqualTo("0033XRM-ID");
    assertThat(numbers.notNormalised("+447700900884")).isFalse();
  }
}
