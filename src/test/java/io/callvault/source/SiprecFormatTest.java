package io.callvault.source;

import static io.callvault.source.FormatFixtures.FORMATS;
import static io.callvault.source.FormatFixtures.withSidecar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.source.Recording.Direction;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SiprecFormatTest {
  private final PbxFormat siprec = FORMATS.get("siprec");

  @Test
  void rfc7865MetadataGivesTheSessionTheParticipantsAndTheCustomerAsSubject() throws Exception {
    Recording r = withSidecar(siprec, "srs/hVpd7YQg.wav", "srs/hVpd7YQg.xml", "siprec/rfc7865-inbound.xml");

    assertThat(r.uniqueId()).isEqualTo("hVpd7YQgRW2nD22h7q60JQ==");
    assertThat(r.start()).as("the session's association with the recording").isEqualTo(Instant.parse("2024-03-15T13:00:02Z"));
    assertThat(r.caller()).isEqualTo("+447700900321");
    assertThat(r.callee()).isEqualTo("205");
    assertThat(r.direction()).isEqualTo(Direction.INBOUND);
    assertThat(r.subject()).isEqualTo("+447700900321");
  }

  @Test
  void onlyParticipantsThatSendAStreamArePartiesAndAnExtensionListedFirstCalledOut() throws Exception {
    Recording r = withSidecar(siprec, "q8dX.wav", "q8dX.xml", "siprec/rfc7865-outbound.xml");
    assertThat(r.caller()).isEqualTo("206");
    assertThat(r.callee()).as("the supervisor who only listened is no party").isEqualTo("+447700900654");
    assertThat(r.direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(r.subject()).isEqualTo("+447700900654");
  }

  @Test
  void aorsGiveTheirNumberOrStayWhole() {
    assertThat(SiprecFormat.party("sip:+447700900321@sbc.example.net;user=phone")).isEqualTo("+447700900321");
    assertThat(SiprecFormat.party("tel:07700900654")).isEqualTo("07700900654");
    assertThat(SiprecFormat.party("sip:alice@atlanta.example.com")).isEqualTo("sip:alice@atlanta.example.com");
  }

  @Test
  void xmlThatIsNotRecordingMetadataIsRefused() {
    assertThatThrownBy(() -> siprec.readSidecar("x.xml", FormatFixtures.fixture("avaya/contactstore-inbound.xml")))
        .hasMessageContaining("RFC 7865");
  }
}
