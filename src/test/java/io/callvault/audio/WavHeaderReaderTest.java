package io.callvault.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavHeaderReaderTest {
  private static final int MAX = WavHeaderReader.DEFAULT_MAX_HEADER_BYTES;
  private static final short[] SAMPLES = new short[801];

  private static WavHeaderReader.Probe probe(byte[] wav) throws IOException {
    return WavHeaderReader.peek(new ByteArrayInputStream(wav), MAX);
  }

  @ParameterizedTest(name = "{0} {1} Hz {2} channel(s)")
  @CsvSource({"PCM_16, 8000, 1", "PCM_16, 16000, 2", "PCM_U8, 8000, 1", "MULAW, 8000, 2", "ALAW, 16000, 1"})
  void decodableFormatsAreRecognised(WavFormat.Encoding encoding, int rate, int channels) throws IOException {
    short[][] audio = channels == 1 ? new short[][] {SAMPLES} : new short[][] {SAMPLES, SAMPLES};
    TestWav wav = TestWav.of(encoding, rate, audio);

    WavHeaderReader.Probe probe = probe(wav.build());

    assertThat(probe.maskable()).isTrue();
    assertThat(probe.header().format()).isEqualTo(WavFormat.of(encoding, rate, channels));
    assertThat(probe.header().headerLength()).isEqualTo(wav.dataOffset());
    assertThat(probe.header().dataLength()).isEqualTo((long) SAMPLES.length * channels * encoding.bytesPerSample());
  }

  @Test
  void chunksBeforeTheAudioAreSkippedIncludingOddPadding() throws IOException {
    TestWav wav = TestWav.of(WavFormat.Encoding.PCM_16, 8000, SAMPLES)
        .chunkBeforeData("LIST", "INFOISFT\u0005\u0000\u0000\u0000pbx1".getBytes(StandardCharsets.ISO_8859_1))
        .chunkBeforeData("fact", new byte[] {1, 2, 3, 4})
        .chunkBeforeData("junk", new byte[13]);

    WavHeaderReader.Probe probe = probe(wav.build());

    assertThat(probe.header().headerLength()).isEqualTo(wav.dataOffset());
    assertThat(probe.header().otherChunks()).as("the bodies the masker scans too")
        .extracting(b -> b.to() - b.from()).containsExactly(16, 4, 13);
  }

  @Test
  void streamedFilesWithoutDataSizeRunToTheEnd() throws IOException {
    for (long size : new long[] {0, 0xFFFFFFFFL}) {
      WavHeaderReader.Probe probe = probe(TestWav.of(WavFormat.Encoding.MULAW, 8000, SAMPLES).dataSizeField(size).build());
      assertThat(probe.header().dataRunsToEnd()).isTrue();
    }
  }

  @Test
  void extensiblePcmIsDecodableAndAnUnknownSubFormatIsNot() throws IOException {
    WavHeaderReader.Probe pcm = probe(TestWav.of(WavFormat.Encoding.PCM_16, 8000, SAMPLES).extensible().build());
    assertThat(pcm.header().format()).isEqualTo(WavFormat.of(WavFormat.Encoding.PCM_16, 8000, 1));

    byte[] unknown = TestWav.of(WavFormat.Encoding.PCM_16, 8000, SAMPLES).extensible().build();
    unknown[12 + 8 + 24 + 10] = 0x42; // corrupt the GUID tail
    assertThat(probe(unknown).notMaskableReason()).contains("unknown sub-format");
  }

  @Test
  void undecodableAudioIsNotMaskableWithAReason() throws IOException {
    assertThat(probe(TestWav.of(WavFormat.Encoding.PCM_U8, 8000, SAMPLES).formatTag(0x31).build()).notMaskableReason())
        .contains("GSM 6.10");
    assertThat(probe(TestWav.of(WavFormat.Encoding.PCM_U8, 8000, SAMPLES).formatTag(0x55).build()).notMaskableReason())
        .contains("MPEG");
    assertThat(probe(TestWav.of(WavFormat.Encoding.PCM_16, 8000, SAMPLES).formatTag(3).build()).notMaskableReason())
        .contains("floating-point");
    assertThat(probe(TestWav.of(WavFormat.Encoding.PCM_16, 8000, SAMPLES).formatTag(0x1234).build()).notMaskableReason())
        .contains("0x1234");
    assertThat(probe(TestWav.of(WavFormat.Encoding.PCM_16, 8000, SAMPLES, SAMPLES, SAMPLES).build()).notMaskableReason())
        .contains("3 channels");
    assertThat(probe(TestWav.of(WavFormat.Encoding.PCM_16, 6000, SAMPLES).build()).notMaskableReason())
        .contains("6000 Hz");
    byte[] mp3 = "ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000 and then frames".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(probe(mp3).notMaskableReason()).isEqualTo("not a RIFF/WAVE file");
  }

  @Test
  void truncatedOrMisorderedHeadersAreNotMaskable() throws IOException {
    byte[] wav = TestWav.wav(WavFormat.Encoding.PCM_16, 8000, SAMPLES);
    assertThat(probe(Arrays.copyOf(wav, 30)).notMaskableReason()).contains("truncated");
    assertThat(probe(new byte[0]).notMaskableReason()).contains("truncated");
    byte[] dataFirst = new byte[wav.length];
    System.arraycopy(wav, 0, dataFirst, 0, 12);
    System.arraycopy(wav, 36, dataFirst, 12, 8);
    assertThat(probe(dataFirst).notMaskableReason()).contains("before the fmt chunk");
    assertThat(WavHeaderReader.peek(new ByteArrayInputStream(
        TestWav.of(WavFormat.Encoding.PCM_16, 8000, SAMPLES).chunkBeforeData("LIST", new byte[5000]).build()), 1024)
        .notMaskableReason()).contains("within the first 1024 bytes");
  }

  @Test
  void peekingLeavesTheStreamWhereItWas() throws IOException {
    byte[] wav = TestWav.of(WavFormat.Encoding.PCM_16, 8000, SAMPLES).chunkBeforeData("LIST", new byte[9000]).build();
    InputStream in = new BufferedInputStream(new ByteArrayInputStream(wav), 512);

    assertThat(WavHeaderReader.peek(in, MAX).maskable()).isTrue();
    assertThat(in.readAllBytes()).isEqualTo(wav);
  }

  @Test
  void undecodableAudioIsLeftUnconsumedAndNothingIsWritten() throws IOException {
    byte[] gsm = TestWav.of(WavFormat.Encoding.PCM_U8, 8000, SAMPLES).formatTag(0x31).build();
    InputStream in = new BufferedInputStream(new ByteArrayInputStream(gsm));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    MaskResult result = DtmfMasker.mask(in, out, MaskSettings.defaults());

    assertThat(result.masked()).isFalse();
    assertThat(result.notMaskedReason()).contains("GSM 6.10");
    assertThat(out.size()).isZero();
    assertThat(in.readAllBytes()).isEqualTo(gsm);
  }

  @Test
  void theMaskingStreamPassesUndecodableAudioThroughUnchanged() throws IOException {
    byte[] gsm = TestWav.of(WavFormat.Encoding.PCM_U8, 8000, SAMPLES).formatTag(0x31).build();
    byte[] truncated = Arrays.copyOf(TestWav.wav(WavFormat.Encoding.PCM_16, 8000, SAMPLES), 40);
    for (byte[] input : new byte[][] {gsm, truncated}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MaskingOutputStream masking = DtmfMasker.maskingStream(out, MaskSettings.defaults());
      masking.write(input);
      masking.close();

      assertThat(out.toByteArray()).isEqualTo(input);
      assertThat(masking.result().masked()).isFalse();
      assertThat(masking.result().notMaskedReason()).isNotBlank();
    }
  }

  @Test
  void chunksAfterTheAudioAndThePadBytePassUnchanged() throws IOException {
    double[] audio = new double[8001];
    TestAudio.addKey(audio, 8000, 2000, 800, '4', -10, 0, 0);
    byte[] wav = TestWav.of(WavFormat.Encoding.PCM_U8, 8000, TestAudio.toShorts(audio))
        .chunkAfterData("LIST", "INFOICMT\u0003\u0000\u0000\u0000abc".getBytes(StandardCharsets.ISO_8859_1))
        .build();
    int dataEnd = 44 + 8001;
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    MaskResult result = DtmfMasker.mask(new ByteArrayInputStream(wav), out, MaskSettings.defaults());

    byte[] masked = out.toByteArray();
    assertThat(result.tonesMasked()).isEqualTo(1);
    assertThat(masked).hasSameSizeAs(wav);
    assertThat(Arrays.copyOfRange(masked, dataEnd, wav.length)).isEqualTo(Arrays.copyOfRange(wav, dataEnd, wav.length));
    assertThat(masked[44 + 2400]).isEqualTo((byte) 0x80);
  }

  @Test
  void resultIsOnlyKnownAfterClosing() throws IOException {
    MaskingOutputStream masking = DtmfMasker.maskingStream(new ByteArrayOutputStream(), MaskSettings.defaults());
    masking.write(TestWav.wav(WavFormat.Encoding.PCM_16, 8000, SAMPLES));
    org.assertj.core.api.Assertions.assertThatThrownBy(masking::result).isInstanceOf(IllegalStateException.class);
    masking.close();
    assertThat(masking.result()).isEqualTo(new MaskResult(0, 0, true, null));
  }
}
