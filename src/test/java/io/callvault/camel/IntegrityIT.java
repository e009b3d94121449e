package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.catalog.CopyEntry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/**
 * A WAV whose header disagrees with its data, end to end over SFTP and S3 (callvault.integrity.mismatch): stored
 * flagged with its header repaired so that the decrypted copy plays, or quarantined.
 */
class IntegrityIT extends HubIT {

  /** Two seconds of 8 kHz 16-bit mono (32,000 bytes of audio) cut by a crash after 12,000. */
  private static byte[] truncated() {
    return Arrays.copyOf(TestAudio.wav(2, 41), 44 + 12_000);
  }

  /** One second whose RIFF and data sizes were never written (0), as a recorder leaves them before hang-up. */
  private static byte[] sizesZero() {
    byte[] wav = TestAudio.wav(1, 42);
    ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0).putInt(40, 0);
    return wav;
  }

  @Test
  void truncatedAndUnwrittenHeadersAreStoredFlaggedAndTheDecryptedCopiesPlay() throws Exception {
    hub.consentCsv("subject,training,quality\n").start();
    Map<String, byte[]> cases = Map.of("truncated: header says 32,000 bytes, data has 12,000", truncated(),
        "sizes never written: header says 0 bytes, data has 16,000", sizesZero());
    int n = 0;
    for (Map.Entry<String, byte[]> c : cases.entrySet()) {
      String id = ingest("1710498970." + (++n), c.getValue());
      int audioBytes = c.getValue().length - 44;

      assertThat(hub.hub.beans().catalog().integrityNote(id)).contains(c.getKey());
      List<CopyEntry> copies = hub.hub.beans().catalog().copiesOf(id);
      assertThat(copies).extracting(CopyEntry::purpose).containsExactlyInAnyOrder("quality", "legal");
      for (CopyEntry copy : copies) {
        assertThat(metadata(copy)).containsEntry("integrity", c.getKey());
        byte[] played = decrypted(copy);
        assertThat(played).hasSize(c.getValue().length);
        assertThat(Arrays.copyOfRange(played, 44, played.length)).as("the audio is what was recorded")
            .isEqualTo(Arrays.copyOfRange(c.getValue(), 44, c.getValue().length));
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(new ByteArrayInputStream(played))) {
          assertThat(audio.getFrameLength()).isEqualTo(audioBytes / 2);
          assertThat(audio.readAllBytes()).hasSize(audioBytes);
        }
      }
    }
  }

  @Test
  void aWavWhoseSizesAgreeWithItsDataCarriesNoFlag() throws Exception {
    hub.consentCsv("subject,training,quality\n").start();
    String id = ingest("1710498975.1", TestAudio.wav(1, 43));
    assertThat(hub.hub.beans().catalog().integrityNote(id)).isEmpty();
    for (CopyEntry copy : hub.hub.beans().catalog().copiesOf(id)) {
      assertThat(metadata(copy)).doesNotContainKey("integrity");
    }
  }

  @Test
  void withTheQuarantineRuleAMismatchIsQuarantinedWithItsReasonAndNothingStored() throws Exception {
    hub.overrides.put("callvault.integrity.mismatch", "quarantine");
    hub.consentCsv("subject,training,quality\n").start();
    String path = "2024/03/15/in-201-07700900123-20240315-103000-1710498980.1.wav";
    hub.dropFile(path, truncated());
    Path reason = hub.drop.resolve(".quarantine/" + path + ".reason.txt");

    HubFixture.await("quarantined", WAIT, () -> HubFixture.written(reason));

    assertThat(Files.readString(reason)).contains("WAV header disagrees with its data (truncated: header says 32,000"
        + " bytes, data has 12,000) and callvault.integrity.mismatch=quarantine");
    assertThat(hub.hub.beans().catalog().copiesOf(recordingId(path))).isEmpty();
    String good = ingest("1710498980.2", TestAudio.wav(1, 44));
    assertThat(hub.hub.beans().catalog().copiesOf(good)).isNotEmpty();
  }

  private Map<String, String> metadata(CopyEntry copy) {
    software.amazon.awssdk.services.s3.S3Client s3 = hub.hub.camelContext().getRegistry()
        .lookupByNameAndType("s3Client-default", software.amazon.awssdk.services.s3.S3Client.class);
    return s3.headObject(b -> b.bucket(copy.bucket()).key(copy.objectKey())).metadata();
  }

  private byte[] decrypted(CopyEntry copy) throws Exception {
    Path cipher = Files.createTempFile(dir, copy.purpose(), ".gpg");
    try (InputStream in = hub.hub.beans().objectStore().get(copy.bucket(), copy.objectKey())) {
      Files.copy(in, cipher, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    return TestAudio.gpgDecrypt(cipher, hub.secretKey, dir);
  }
}
