package io.callvault.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callvault.source.Recording.AudioFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AudioSnifferTest {

  @Test
  void anEmptyFileIsRefusedWithAReason() {
    assertThatThrownBy(() -> AudioSniffer.check(new ByteArrayInputStream(new byte[0]), AudioFormat.WAV_PCM))
        .isInstanceOf(AudioSniffer.BadAudioException.class).hasMessage("file is empty");
  }

  @Test
  void somethingElseNamedWavIsRefusedWithAReason() {
    for (String content : new String[] {"this is not audio", "RIFF\u0010\u0000\u0000\u0000AVI LIST", "RIFF"}) {
      InputStream in = new ByteArrayInputStream(content.getBytes(StandardCharsets.ISO_8859_1));
      assertThatThrownBy(() -> AudioSniffer.check(in, AudioFormat.WAV_PCM)).as(content)
          .isInstanceOf(AudioSniffer.BadAudioException.class).hasMessageContaining("not a RIFF/WAVE file");
    }
  }

  @Test
  void aWavFileIsPassedOnFromItsFirstByte() throws Exception {
    byte[] wav = TestWav.wav(WavFormat.Encoding.MULAW, 8000, new short[100]);
    assertThat(AudioSniffer.check(new ByteArrayInputStream(wav), AudioFormat.WAV_PCM).readAllBytes()).isEqualTo(wav);
  }

  @Test
  void anMp3NameOnSomethingElseIsRefused() throws IOException {
    assertThatThrownBy(() -> AudioSniffer.check(new ByteArrayInputStream("RIFF....WAVE".getBytes(StandardCharsets.US_ASCII)),
        AudioFormat.MP3)).hasMessageContaining("not an MP3 stream");
  }
}
