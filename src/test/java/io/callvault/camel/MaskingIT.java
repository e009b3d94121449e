package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.audio.CardCall;
import io.callvault.audio.WavFormat.Encoding;
import io.callvault.audio.WavLayout;
import io.callvault.catalog.CopyEntry;
import io.callvault.crypto.RecordingDecryptor;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.RecordingIdentifier;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DTMF masking through the whole pipeline: SFTP drop, mask, encrypt, S3, catalog. */
class MaskingIT extends HubIT {



  @Test
  void keyedCardDigitsReachNoStoredCopyInMulawAlawStereoAnd16kHzRecordings() throws Exception {
    hub.consentCsv("subject,training,quality\n+447700900123,granted,\n").start();
    Object[][] formats = {{Encoding.MULAW, 8000, 1}, {Encoding.ALAW, 8000, 1}, {Encoding.PCM_16, 8000, 2},
        {Encoding.PCM_16, 16000, 1}};
    int n = 0;
    for (Object[] f : formats) {
      CardCall call = CardCall.of((Encoding) f[0], (int) f[1], (int) f[2], 40 + n);
      assertThat(call.digitsIn(call.wav())).as("the test decoder hears the card before masking").contains(CardCall.CARD);
      String id = ingest("1710498900." + (++n), call.wav());

      for (CopyEntry copy : hub.hub.beans().catalog().copiesOf(id)) {
        byte[] stored = decrypt(copy);
        assertThat(call.digitsIn(stored)).as(f[0] + "/" + f[1] + "/" + f[2] + " " + copy.purpose()).isEmpty();
        assertThat(stored.length).isEqualTo(call.wav().length);
      }
      try (var c = hub.hub.beans().catalog().dataSource().getConnection();
          var st = c.prepareStatement("select masking_ran, tones_masked, masked_millis from recordings where id = ?")) {
        st.setString(1, id);
        try (ResultSet rs = st.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getBoolean(1)).isTrue();
          assertThat(rs.getInt(2)).isEqualTo(16);
          assertThat(rs.getLong(3)).isGreaterThan(16 * 50);
        }
        c.rollback();
      }
    }
  }

  @Test
  void cardDigitsWhereALyingWavHeaderDeclaresNoAudioReachNoStoredCopyAndAreCounted() throws Exception {
    hub.consentCsv("subject,training,quality\n+447700900123,granted,\n").start();
    Object[][] cases = {{WavLayout.AFTER_DECLARED_END, Encoding.PCM_16, 1}, {WavLayout.SECOND_DATA_CHUNK, Encoding.MULAW, 1},
        {WavLayout.ODD_SIZE_WITHOUT_PAD_BYTE, Encoding.PCM_16, 2}};
    int n = 0;
    for (Object[] c : cases) {
      CardCall call = CardCall.hidden((WavLayout) c[0], (Encoding) c[1], 8000, (int) c[2], 60 + n);
      assertThat(call.digitsIn(call.wav())).as("the test decoder hears the card before masking").contains(CardCall.CARD);
      String id = ingest("1710498930." + (++n), call.wav());

      java.util.List<CopyEntry> copies = hub.hub.beans().catalog().copiesOf(id);
      assertThat(copies).extracting(CopyEntry::purpose).containsExactlyInAnyOrder("training", "quality", "legal");
      for (CopyEntry copy : copies) {
        Path cipher = dir.resolve(c[0] + "-" + copy.purpose() + ".gpg");
        try (InputStream in = hub.hub.beans().objectStore().get(copy.bucket(), copy.objectKey())) {
          Files.copy(in, cipher);
        }
        byte[] stored = TestAudio.gpgDecrypt(cipher, hub.secretKey, dir);
        assertThat(call.digitsIn(stored)).as(c[0] + " " + copy.purpose()).isEmpty();
        assertThat(stored.length).isEqualTo(call.wav().length);
      }
      try (var conn = hub.hub.beans().catalog().dataSource().getConnection();
          var st = conn.prepareStatement("select masking_ran, tones_masked, masking_note from recordings where id = ?")) {
        st.setString(1, id);
        try (ResultSet rs = st.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getBoolean(1)).isTrue();
          assertThat(rs.getInt(2)).as("tones counted where the header declared no audio").isEqualTo(16);
          assertThat(rs.getString(3)).contains("more follow");
        }
        conn.rollback();
      }
    }
  }

  @Test
  void audioTheMaskerCannotDecodeIsQuarantinedWhenConfiguredSo() throws Exception {
    hub.overrides.put("callvault.masking.unmaskable", "quarantine");
    hub.consentCsv("subject,training,quality\n").start();
    byte[] gsm = TestAudio.wav(1, 3);
    gsm[20] = 0x31; // format tag: GSM 6.10, which callvault cannot decode
    String path = "2024/03/15/in-201-07700900123-20240315-103000-1710498950.1.wav";
    hub.dropFile(path, gsm);
    Path reason = hub.drop.resolve(".quarantine/" + path + ".reason.txt");

    HubFixture.await("quarantined", WAIT, () -> HubFixture.written(reason));

    assertThat(Files.readString(reason)).contains("cannot be masked");
  }

  @Test
  void paymentWindowFromASidecarIsSilencedSampleExactlyAndTheSidecarLeavesWithItsRecording() throws Exception {
    hub.consentCsv("subject,training,quality\n").start();
    byte[] wav = TestAudio.wav(3, 11);
    String path = "2024/03/15/in-201-07700900123-20240315-103000-1710498960.1.wav";
    Path sidecar = hub.dropFile(path + ".json", "{\"payment_windows\": [{\"start\": 1.0, \"end\": 1.5}]}".getBytes());
    String id = ingest("1710498960.1", wav);

    byte[] stored = decrypt(hub.hub.beans().catalog().findCopy(id, "legal").orElseThrow());
    int from = 44 + 8000 * 2;
    int to = 44 + 12000 * 2;
    for (int i = 0; i < wav.length; i++) {
      if (i >= from && i < to) {
        assertThat(stored[i]).as("byte %d inside the window", i).isZero();
      } else {
        assertThat(stored[i]).as("byte %d outside the window", i).isEqualTo(wav[i]);
      }
    }
    HubFixture.await("the sidecar leaves the drop", WAIT, () -> !Files.exists(sidecar));
  }

  @Test
  void recordingWithAnUnreadableSidecarIsQuarantinedNotStoredUnmasked() throws Exception {
    hub.consentCsv("subject,training,quality\n").start();
    String path = "2024/03/15/in-201-07700900123-20240315-103000-1710498961.1.wav";
    hub.dropFile(path + ".json", "{\"payment_windows\": [{\"start\": \"soon\"}]}".getBytes());
    hub.dropFile(path, TestAudio.wav(1, 12));
    Path reason = hub.drop.resolve(".quarantine/" + path + ".reason.txt");

    HubFixture.await("quarantined", WAIT, () -> HubFixture.written(reason));

    assertThat(Files.readString(reason)).contains("sidecar");
    assertThat(hub.drop.resolve(".quarantine/" + path + ".json")).exists();
  }


  @Test
  void paymentWindowKeptByTheCrmForTheCallIsSilencedAndACrmOutageKeepsTheRecordingInTheDrop() throws Exception {
    com.github.tomakehurst.wiremock.WireMockServer crm = new com.github.tomakehurst.wiremock.WireMockServer(
        com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());
    crm.start();
    try {
      crm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/calls/1710498970.1")
          .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson("{\"payment_windows\": [{\"start\": 0.5, \"end\": 1.0}]}")));
      crm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/calls/1710498971.1")
          .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
      hub.overrides.put("callvault.masking.crm-url-template", crm.baseUrl() + "/calls/{uniqueid}");
      hub.overrides.put("callvault.drop.max-attempts", "1000"); // the outage below outlasts the test
      hub.consentCsv("subject,training,quality\n").start();
      byte[] wav = TestAudio.wav(2, 13);

      String id = ingest("1710498970.1", wav);
      byte[] stored = decrypt(hub.hub.beans().catalog().findCopy(id, "legal").orElseThrow());
      for (int i = 0; i < wav.length; i++) {
        boolean inside = i >= 44 + 4000 * 2 && i < 44 + 8000 * 2;
        assertThat(stored[i]).as("byte %d", i).isEqualTo(inside ? (byte) 0 : wav[i]);
      }

      Path waiting = hub.dropFile("2024/03/15/in-201-07700900123-20240315-103000-1710498971.1.wav", wav);
      Thread.sleep(1500); // several polls while the CRM is down
      assertThat(waiting).exists();
      assertThat(hub.hub.beans().catalog().copiesOf(recordingId(hub.drop.relativize(waiting).toString()))).isEmpty();
    } finally {
      crm.stop();
    }
  }

  private byte[] decrypt(CopyEntry copy) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = hub.hub.beans().objectStore().get(copy.bucket(), copy.objectKey())) {
      RecordingDecryptor.decrypt(in, hub.secretKey, null, out);
    }
    return out.toByteArray();
  }
}
