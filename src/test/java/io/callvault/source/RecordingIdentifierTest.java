package io.callvault.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.source.Recording.AudioFormat;
import io.callvault.source.Recording.Direction;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class RecordingIdentifierTest {

  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private final PhoneNumbers numbers = new PhoneNumbers("GB");
  private static final io.callvault.catalog.SubjectKeys KEYS =
      new io.callvault.catalog.SubjectKeys("test-subject-secret-0123".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  private final RecordingIdentifier identifier = new RecordingIdentifier(numbers, LONDON, KEYS::keyOf);

  private static CdrRecord cdr(String src, String dst, String dcontext, String uniqueId) {
    return new CdrRecord(src, dst, dcontext, "PJSIP/a-1", "PJSIP/b-2",
        LocalDateTime.of(2024, 7, 15, 14, 12, 30), LocalDateTime.of(2024, 7, 15, 14, 12, 33),
        LocalDateTime.of(2024, 7, 15, 14, 14, 33), 123, 120, "ANSWERED", uniqueId, "");
  }

  @Test
  void inboundCallerIsTheSubjectAndLocalStartBecomesUtc() throws Exception {
    Recording r = identifier.identify("pbx-london",
        "2024/07/15/in-01632960000-07700900123-20240715-141233-1721049153.42.wav", (CdrRecord) null);

    assertThat(r.direction()).isEqualTo(Direction.INBOUND);
    assertThat(r.callType()).isEqualTo("in");
    assertThat(r.start()).isEqualTo(Instant.parse("2024-07-15T13:12:33Z")); // BST
    assertThat(r.caller()).isEqualTo("+447700900123");
    assertThat(r.callee()).isEqualTo("+441632960000");
    assertThat(r.subject()).isEqualTo("+447700900123");
    assertThat(r.uniqueId()).isEqualTo("1721049153.42");
    assertThat(r.sourceId()).isEqualTo("pbx-london");
    assertThat(r.format()).isEqualTo(AudioFormat.WAV_PCM);
    assertThat(r.extension()).isEqualTo("wav");
    assertThat(r.durationSeconds()).isNull();
    assertThat(r.billsec()).isNull();
    assertThat(r.disposition()).isNull();
  }

  @Test
  void winterTimeHasNoOffsetInLondonButOneHourInParis() throws Exception {
    String name = "in-201-07700900123-20240115-090000-1705309200.1.wav";
    assertThat(identifier.identify("s", name, (CdrRecord) null).start())
        .isEqualTo(Instant.parse("2024-01-15T09:00:00Z"));
    assertThat(new RecordingIdentifier(numbers, ZoneId.of("Europe/Paris"), KEYS::keyOf)
            .identify("s", name, (CdrRecord) null).start())
        .isEqualTo(Instant.parse("2024-01-15T08:00:00Z"));
  }

  @Test
  void idIsOpaqueAndStableAcrossRedropsButDiffersPerSource() throws Exception {
    String name = "in-01632960000-07700900123-20240715-141233-pbx-eu-1-1721049153.42.wav";
    Recording first = identifier.identify("pbx-london", "2024/07/15/" + name, (CdrRecord) null);
    Recording again = identifier.identify("pbx-london", name, cdr("07700900123",
        "01632960000", "from-trunk", "pbx-eu-1-1721049153.42"));
    Recording otherSource = identifier.identify("pbx-paris", name, (CdrRecord) null);

    assertThat(first.id()).matches("rec_[0-9a-f]{24}").isEqualTo(again.id());
    assertThat(otherSource.id()).isNotEqualTo(first.id());
    assertThat(first.id())
        .isEqualTo(RecordingIdentifier.recordingId("pbx-london", "pbx-eu-1-1721049153.42"))
        .doesNotContain("1721049153").doesNotContain("7700");
  }

  @Test
  void outboundCalleeIsTheSubjectAndTheExtensionStaysAsIs() throws Exception {
    Recording r = identifier.identify("s",
        "out-07700 900456-201-20240715-141233-1721049153.43.mp3", (CdrRecord) null);

    assertThat(r.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(r.caller()).isEqualTo("201");
    assertThat(r.callee()).isEqualTo("+447700900456");
    assertThat(r.subject()).isEqualTo("+447700900456");
    assertThat(r.format()).isEqualTo(AudioFormat.MP3);
  }

  @Test
  void internalCallHasNoSubject() throws Exception {
    Recording r = identifier.identify("s", "exten-202-201-20240715-141233-1.1.WAV",
        (CdrRecord) null);
    assertThat(r.direction()).isEqualTo(Direction.INTERNAL);
    assertThat(r.subject()).isNull();
    assertThat(r.format()).isEqualTo(AudioFormat.WAV_GSM);
  }

  @Test
  void anonymousCallerIsInboundWithoutSubject() throws Exception {
    Recording r = identifier.identify("s", "q-400-Anonymous-20240715-141233-1.1.wav",
        (CdrRecord) null);
    assertThat(r.direction()).isEqualTo(Direction.INBOUND);
    assertThat(r.caller()).isNull();
    assertThat(r.callee()).isEqualTo("400");
    assertThat(r.subject()).isNull();
  }

  @Test
  void cdrSuppliesDurationBillsecDispositionAndMissingParties() throws Exception {
    Recording r = identifier.identify("s", "in--07700900123-20240715-141233-1.1.wav",
        cdr("07700900123", "01632960000", "from-trunk", "1.1"));

    assertThat(r.durationSeconds()).isEqualTo(123);
    assertThat(r.billsec()).isEqualTo(120);
    assertThat(r.disposition()).isEqualTo("ANSWERED");
    assertThat(r.callee()).isEqualTo("+441632960000");
  }

  @Test
  void unambiguousFileTypeWinsOverTheCdrContext() throws Exception {
    Recording r = identifier.identify("s", "in-201-07700900123-20240715-141233-1.1.wav",
        cdr("07700900123", "201", "from-internal", "1.1"));
    assertThat(r.direction()).isEqualTo(Direction.INBOUND);
    assertThat(r.subject()).isEqualTo("+447700900123");
  }

  @Test
  void onDemandDirectionComesFromTheCdr() throws Exception {
    Recording outbound = identifier.identify("s",
        "ondemand-07700900123-201-20240715-141233-1.1.wav",
        cdr("201", "07700900123", "from-internal", "1.1"));
    Recording inbound = identifier.identify("s",
        "ondemand-201-07700900123-20240715-141233-1.2.wav",
        cdr("07700900123", "201", "from-trunk", "1.2"));

    assertThat(outbound.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(outbound.subject()).isEqualTo("+447700900123");
    assertThat(inbound.direction()).isEqualTo(Direction.INBOUND);
    assertThat(inbound.subject()).isEqualTo("+447700900123");
  }

  @Test
  void withoutCdrAmbiguousTypesAreReadFromTheParties() throws Exception {
    assertThat(identifier.identify("s", "force-07700900123-201-20240715-141233-1.1.wav",
        (CdrRecord) null).direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(identifier.identify("s", "ondemand-201-+33612345678-20240715-141233-1.1.wav",
        (CdrRecord) null).subject()).isEqualTo("+33612345678");
    assertThat(identifier.identify("s", "ondemand-202-201-20240715-141233-1.1.wav",
        (CdrRecord) null).direction()).isEqualTo(Direction.INTERNAL);
  }

  @Test
  void oneTouchSubjectIsWhicheverPartyIsExternal() throws Exception {
    Recording fromCustomer = identifier.identify("s",
        "auto-1721049153-07700900123-201.wav", (CdrRecord) null);
    Recording toCustomer = identifier.identify("s",
        "auto-1721049153-201-07700900123.wav", (CdrRecord) null);
    Recording internal = identifier.identify("s", "auto-1721049153-202-201.wav",
        (CdrRecord) null);

    assertThat(fromCustomer.direction()).isEqualTo(Direction.INBOUND);
    assertThat(fromCustomer.subject()).isEqualTo("+447700900123");
    assertThat(toCustomer.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(toCustomer.subject()).isEqualTo("+447700900123");
    assertThat(internal.subject()).isNull();
    assertThat(fromCustomer.start()).isEqualTo(Instant.ofEpochSecond(1721049153L));
    assertThat(fromCustomer.id()).isNotEqualTo(toCustomer.id());
  }

  @Test
  void aOneTouchIdIsAKeyedDigestOfItsPartiesThatCannotBeRecomputedWithoutTheSecret() throws Exception {
    String name = "auto-1721049153-07700900123-201.wav";
    Recording first = identifier.identify("s", name, (CdrRecord) null);
    Recording again = identifier.identify("s", "2024/07/15/" + name, (CdrRecord) null);
    Recording otherCaller = identifier.identify("s", "auto-1721049153-07700900124-201.wav", (CdrRecord) null);
    Recording otherSecret = new RecordingIdentifier(numbers, LONDON,
        new io.callvault.catalog.SubjectKeys("another-secret-456789".getBytes(java.nio.charset.StandardCharsets.UTF_8))::keyOf)
        .identify("s", name, (CdrRecord) null);

    assertThat(first.uniqueId()).matches("auto-1721049153-[0-9a-f]{12}");
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(otherCaller.id()).isNotEqualTo(first.id());
    assertThat(otherSecret.uniqueId()).isNotEqualTo(first.uniqueId());
    assertThat(otherSecret.id()).isNotEqualTo(first.id());
    String unkeyed = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest("auto-1721049153-07700900123-201".getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0, 6);
    assertThat(first.uniqueId()).doesNotContain(unkeyed).doesNotContain("7700900123");
  }

  @Test
  void identifyWithIndexFindsTheCdrRow() throws Exception {
    String csv = "\"\",\"201\",\"07700900123\",\"from-internal\",\"\",\"PJSIP/201-1\",\"\","
        + "\"Dial\",\"x\",\"2024-07-15 14:12:33\",\"2024-07-15 14:12:40\","
        + "\"2024-07-15 14:13:00\",27,20,\"ANSWERED\",\"DOCUMENTATION\",\"1.7\",\"\",\"\","
        + "\"1.7\",1\n";
    CdrIndex index = CdrIndex.parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));

    Recording r = identifier.identify("s", "force-07700900123-201-20240715-141233-1.7.wav", index);
    assertThat(r.billsec()).isEqualTo(20);
    Recording missing = identifier.identify("s", "force-07700900123-201-20240715-141233-1.8.wav",
        index);
    assertThat(missing.billsec()).isNull();
  }

  @Test
  void partiesThatAreNeitherNumbersNorExtensionsWithoutCdrAreUnidentifiable() {
    assertThatThrownBy(() -> identifier.identify("s", "ondemand-s-abc-20240715-141233-1.1.wav",
            (CdrRecord) null))
        .isInstanceOf(UnidentifiableRecordingException.class)
        .hasMessageContaining("direction");
  }

  @Test
  void cdrRowOfAnotherCallIsAProgrammingError() {
    assertThatThrownBy(() -> identifier.identify("s", "in-201-07700900123-20240715-141233-1.1.wav",
            cdr("07700900123", "201", "from-trunk", "1.2")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
