package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.ResultSet;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad or unusual audio in a batch of good recordings, end to end over SFTP and S3 (docs/reliability.md): each case
 * is dropped with two good files, which must be stored whatever happens to it.
 */
class BadAudioBatchIT extends BadInputIT {

  /** One case: the file's extension and bytes, and what must become of it. */
  enum Case {
    EMPTY("wav", new byte[0], null, "file is empty"),
    NOT_AUDIO_NAMED_WAV("wav", "hello, this is not audio at all".getBytes(StandardCharsets.US_ASCII), null,
        "not a RIFF/WAVE file"),
    TRUNCATED("wav", Arrays.copyOf(TestAudio.wav(1, 31), 8044), "truncated", null),
    HEADER_DECLARES_LESS("wav", dataSize(TestAudio.wav(1, 32), 4000), "more follow", null),
    HEADER_DECLARES_MORE("wav", dataSize(TestAudio.wav(1, 33), 1_000_000), "truncated", null),
    MP3("mp3", mp3(), "not masked", null),
    NOT_MP3_NAMED_MP3("mp3", "<html>login</html>".getBytes(StandardCharsets.US_ASCII), null, "not an MP3 stream"),
    GSM_IN_WAV("WAV", formatCode(TestAudio.wav(1, 34), 0x31), "not masked", null),
    G726_IN_WAV("wav", formatCode(TestAudio.wav(1, 35), 0x64), "not masked", null);

    final String ext;
    final byte[] bytes;
    /** Stored, with this in its masking note; or null. */
    final String storedNote;
    /** Quarantined with this in its reason; or null. */
    final String quarantineReason;

    Case(String ext, byte[] bytes, String storedNote, String quarantineReason) {
      this.ext = ext;
      this.bytes = bytes;
      this.storedNote = storedNote;
      this.quarantineReason = quarantineReason;
    }
  }

  @ParameterizedTest
  @EnumSource(Case.class)
  void aBadOrUnusualRecordingNeverStopsTheGoodOnesOfItsBatch(Case c) throws Exception {
    String first = good(21);
    String rel = DAY + "in-201-07700900123-20240315-103000-1710498800." + c.ordinal() + "." + c.ext;
    hub.dropFile(rel, c.bytes);
    String last = good(22);
    hub.start();

    assertStored(first, last);
    if (c.quarantineReason != null) {
      assertThat(awaitQuarantined(rel)).contains(c.quarantineReason);
      assertThat(catalog().copiesOf(recordingId(rel))).isEmpty();
    } else {
      HubFixture.await("the file is ingested", WAIT, () -> !Files.exists(hub.drop.resolve(rel)));
      assertThat(catalog().copiesOf(recordingId(rel))).isNotEmpty();
      assertThat(maskingNote(recordingId(rel))).contains(c.storedNote);
    }
  }

  private String maskingNote(String id) throws Exception {
    try (var conn = catalog().dataSource().getConnection();
        var st = conn.prepareStatement("select masking_note from recordings where id = ?")) {
      st.setString(1, id);
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).isTrue();
        String note = rs.getString(1);
        conn.rollback();
        return note;
      }
    }
  }

  /** The WAV with its data chunk's declared size replaced. */
  private static byte[] dataSize(byte[] wav, int size) {
    ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(40, size);
    return wav;
  }

  /** The WAV with its fmt chunk's format code replaced (0x31 GSM 6.10, 0x64 G.726 ADPCM). */
  private static byte[] formatCode(byte[] wav, int code) {
    ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) code);
    return wav;
  }

  /** An ID3v2 tag and a few MPEG-1 layer III frame headers with silence. */
  private static byte[] mp3() {
    ByteBuffer b = ByteBuffer.allocate(10 + 4 * 417);
    b.put("ID3".getBytes(StandardCharsets.US_ASCII)).put(new byte[] {3, 0, 0, 0, 0, 0, 0});
    for (int i = 0; i < 4; i++) {
      b.put(new byte[] {(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64}).put(new byte[413]);
    }
    return b.array();
  }
}
