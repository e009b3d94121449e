package io.callvault.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

class WavSizesTest {
  private static final int MAX = WavHeaderReader.DEFAULT_MAX_HEADER_BYTES;

  /** 8 kHz 16-bit mono PCM: a 44-byte header and {@code dataBytes} of audio, with the sizes given. */
  private static byte[] wav(int dataBytes, long riffSize, long dataSize) {
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt((int) riffSize).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
        .putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt((int) dataSize);
    for (int i = 0; i < dataBytes / 2; i++) {
      b.putShort((short) (3000 * Math.sin(i / 3.0)));
    }
    return b.array();
  }

  private static WavSizes.Checked check(byte[] file) throws IOException {
    return WavSizes.check(new ByteArrayInputStream(file), file.length, MAX);
  }

  private static byte[] read(WavSizes.Checked checked) throws IOException {
    try (InputStream in = checked.stream()) {
      return in.readAllBytes();
    }
  }

  private static void assertPlaysWithFrames(byte[] repaired, long frames) throws Exception {
    try (AudioInputStream audio = AudioSystem.getAudioInputStream(new ByteArrayInputStream(repaired))) {
      assertThat(audio.getFrameLength()).isEqualTo(frames);
      assertThat(audio.readAllBytes()).hasSize((int) frames * 2);
    }
  }

  @Test
  void aWavTruncatedByACrashIsFlaggedAndItsSizesRepairedToWhatWasWritten() throws Exception {
    byte[] file = Arrays.copyOf(wav(16000, 36 + 16000, 16000), 44 + 6000); // the crash cut it after 6000 bytes
    WavSizes.Checked checked = check(file);
    assertThat(checked.mismatch()).isEqualTo("truncated: header says 16,000 bytes, data has 6,000");
    byte[] repaired = read(checked);
    assertThat(ByteBuffer.wrap(repaired).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isEqualTo(36 + 6000);
    assertThat(ByteBuffer.wrap(repaired).order(ByteOrder.LITTLE_ENDIAN).getInt(40)).isEqualTo(6000);
    assertThat(Arrays.copyOfRange(repaired, 44, repaired.length)).isEqualTo(Arrays.copyOfRange(file, 44, file.length));
    assertPlaysWithFrames(repaired, 3000);
  }

  @Test
  void sizesNeverWrittenZeroOrAllOnesAreFlaggedAndRepaired() throws Exception {
    for (long unwritten : new long[] {0, 0xFFFFFFFFL}) {
      WavSizes.Checked checked = check(wav(8000, unwritten, unwritten));
      assertThat(checked.mismatch()).startsWith("sizes never written: header says ").endsWith(" bytes, data has 8,000");
      assertPlaysWithFrames(read(checked), 4000);
    }
    assertThat(check(wav(8000, 0, 0)).mismatch()).isEqualTo("sizes never written: header says 0 bytes, data has 8,000");
    assertThat(check(wav(8000, 0xFFFFFFFFL, 0xFFFFFFFFL)).mismatch())
        .isEqualTo("sizes never written: header says 4,294,967,295 bytes, data has 8,000");
  }

  @Test
  void lessDeclaredThanFollowsWithAWrongRiffSizeIsFlaggedAndTheDataRunsToTheEnd() throws Exception {
    WavSizes.Checked checked = check(wav(8000, 36 + 2000, 2000));
    assertThat(checked.mismatch()).isEqualTo("header says 2,000 bytes, data has 8,000 (more than declared)");
    assertPlaysWithFrames(read(checked), 4000);
  }

  @Test
  void lessDeclaredThanFollowsIsNoMismatchWhenTheRiffSizeAccountsForTheChunksAfterTheData() throws Exception {
    // a LIST chunk after the audio, as the format allows: data 8000, LIST 12 (8 + 4), RIFF = 4 + 24 + 8008 + 12
    byte[] audio = wav(8000, 0, 8000);
    ByteBuffer b = ByteBuffer.allocate(audio.length + 12).order(ByteOrder.LITTLE_ENDIAN);
    b.put(audio).put("LIST".getBytes()).putInt(4).put("INFO".getBytes());
    b.putInt(4, b.capacity() - 8);
    WavSizes.Checked checked = check(b.array());
    assertThat(checked.mismatch()).isNull();
    assertThat(read(checked)).isEqualTo(b.array());
  }

  @Test
  void aWavWhoseSizesAgreeWithTheFilePassesUnchanged() throws Exception {
    byte[] file = wav(8000, 36 + 8000, 8000);
    WavSizes.Checked checked = check(file);
    assertThat(checked.mismatch()).isNull();
    assertThat(read(checked)).isEqualTo(file);
  }

  @Test
  void aWrongRiffSizeAloneIsFlaggedAndRepaired() throws Exception {
    WavSizes.Checked checked = check(wav(8000, 100, 8000));
    assertThat(checked.mismatch()).isEqualTo("RIFF size says 100 bytes, the file has 8,036 after it");
    assertThat(ByteBuffer.wrap(read(checked)).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isEqualTo(8036);
  }

  @Test
  void whatIsNotARiffWaveOrHasNoDataChunkPassesUnchangedAndUnjudged() throws Exception {
    byte[] mp3ish = "ID3\u0004 not a wav file at all, just bytes".getBytes();
    assertThat(check(mp3ish).mismatch()).isNull();
    assertThat(read(check(mp3ish))).isEqualTo(mp3ish);
    byte[] cut = Arrays.copyOf(wav(100, 136, 100), 30); // header cut before the data chunk
    assertThat(check(cut).mismatch()).isNull();
    assertThat(read(check(cut))).isEqualTo(cut);
  }

  @Test
  void aFileThatIsNotTheLengthItWasListedWithFailsInsteadOfGettingWrongSizes() throws Exception {
    byte[] file = wav(8000, 0, 0);
    WavSizes.Checked longer = WavSizes.check(new ByteArrayInputStream(file), file.length - 100, MAX);
    assertThatThrownBy(() -> read(longer)).isInstanceOf(WavSizes.ChangedWhileReadException.class)
        .hasMessageContaining("changed while it was read");
    WavSizes.Checked shorter = WavSizes.check(new ByteArrayInputStream(file), file.length + 100, MAX);
    assertThatThrownBy(() -> read(shorter)).isInstanceOf(WavSizes.ChangedWhileReadException.class);
  }
}
