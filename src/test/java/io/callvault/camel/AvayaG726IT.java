package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.audio.CardCall;
import io.callvault.audio.G726Files;
import io.callvault.catalog.CopyEntry;
import io.callvault.source.RecordingIdentifier;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An Avaya IP Office recording in G.726 16 kbit/s with a card number keyed on the phone, through the whole hub:
 * decoded so the masker hears the tones, stored as 16-bit PCM with the tones silenced (the test's own FFT decoder
 * finds no digit in any stored copy), and the catalog says what was done.
 */
class AvayaG726IT extends HubIT {

  @Test
  void cardDigitsKeyedInAG726AvayaRecordingReachNoStoredCopy() throws Exception {
    Path drop = hub.addSource("avaya-1", "avaya", "", "avaya", Map.of());
    hub.start();
    byte[] g726 = G726Files.cardCall(41);
    assertThat(G726Files.digitsInG726(g726, 41)).as("the card is heard in the G.726 file").contains(CardCall.CARD);
    Path audio = HubFixture.dropInto(drop, "2024/03/15/CS-000123.wav", g726);
    Path xml = HubFixture.dropInto(drop, "2024/03/15/CS-000123.xml", FormatsIT.fixture("avaya/contactstore-inbound.xml"));
    HubFixture.await("the pair is stored", WAIT, () -> !Files.exists(audio) && !Files.exists(xml));

    String id = RecordingIdentifier.recordingId("avaya-1", "CS-2024-0315-000123");
    for (CopyEntry copy : hub.hub.beans().catalog().copiesOf(id)) {
      Path cipher = dir.resolve(copy.purpose() + ".gpg");
      try (InputStream in = hub.hub.beans().objectStore().get(copy.bucket(), copy.objectKey())) {
        Files.copy(in, cipher);
      }
      byte[] stored = TestAudio.gpgDecrypt(cipher, hub.secretKey, dir);
      assertThat(G726Files.digitsInPcm(stored, 41)).as(copy.purpose()).isEmpty();
      assertThat(stored.length).as("PCM: 8 times the G.726 audio").isEqualTo(44 + 8 * (g726.length - G726Files.HEADER));
    }
    try (var c = hub.hub.beans().catalog().dataSource().getConnection();
        var st = c.prepareStatement("select masking_ran, tones_masked, masking_note from recordings where id = ?")) {
      st.setString(1, id);
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
        assertThat(rs.getInt(2)).isEqualTo(16);
        assertThat(rs.getString(3)).contains("PCM decoded from G.726");
      }
      c.rollback();
    }
  }
}
