package io.callvault.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A WAV header can lie, and chunks can sit where a masker that trusts the header would not look:
 * every byte that reaches the copy must have been scanned. Each {@link WavLayout} keys a card where
 * the header does not declare audio; the test's own FFT decoder hears it in the input and must not
 * hear it in the output, and the counts the catalog records must include it.
 */
class LyingWavMaskingTest {

  static Stream<Arguments> layoutsAndFormats() {
    Object[][] formats = {
      {WavFormat.Encoding.PCM_16, 8000, 1},
      {WavFormat.Encoding.PCM_16, 8000, 2},
      {WavFormat.Encoding.MULAW, 8000, 1},
      {WavFormat.Encoding.ALAW, 16000, 2},
      {WavFormat.Encoding.PCM_U8, 8000, 1}
    };
    List<Arguments> out = new ArrayList<>();
    for (WavLayout layout : WavLayout.values()) {
      for (Object[] f : formats) {
        out.add(Arguments.of(layout, f[0], f[1], f[2]));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: {1} {2} Hz {3} channel(s)")
  @MethodSource("layoutsAndFormats")
  void cardKeyedWhereTheHeaderDeclaresNoAudioIsMaskedAndCounted(WavLayout layout, WavFormat.Encoding encoding,
      int rate, int channels) throws IOException {
    CardCall call = CardCall.hidden(layout, encoding, rate, channels, 17 + layout.ordinal());
    byte[] in = call.wav();
    assertThat(call.digitsIn(in)).as("the test decoder hears the card in the input").contains(CardCall.CARD);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MaskingOutputStream masking = DtmfMasker.maskingStream(out, MaskSettings.defaults());
    for (int at = 0; at < in.length; at += 4099) {
      masking.write(in, at, Math.min(4099, in.length - at));
    }
    masking.close();
    byte[] masked = out.toByteArray();
    MaskResult result = masking.result();

    assertThat(call.digitsIn(masked)).as("digits left in the copy").isEmpty();
    assertThat(result.masked()).isTrue();
    assertThat(result.tonesMasked()).as("tones the catalog will count").isEqualTo(CardCall.CARD.length());
    assertThat(result.maskedMillis()).isGreaterThan(16 * 50);
    assertIdenticalOutside(in, masked, call.keyedBytes());
    assertThat(result.note()).satisfies(note -> expectNote(layout, note));
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    assertThat(DtmfMasker.mask(new ByteArrayInputStream(in), whole, MaskSettings.defaults())).isEqualTo(result);
    assertThat(whole.toByteArray()).as("same copy however the input is cut").isEqualTo(masked);
  }

  @Test
  void aCommonFileWithAListChunkAfterTheAudioIsKeptBitForBitAndGetsANote() throws IOException {
    double[] speech = new double[8000 * 3];
    TestAudio.addSpeechLike(speech, 8000, 0, speech.length, -18, 3);
    TestAudio.addNoise(speech, -50, 3);
    byte[] in = TestWav.of(WavFormat.Encoding.PCM_16, 8000, TestAudio.toShorts(speech))
        .chunkAfterData("LIST", "INFOISFT\u000e\u0000\u0000\u0000Lavf58.76.100\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
        .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    MaskResult result = DtmfMasker.mask(new ByteArrayInputStream(in), out, MaskSettings.defaults());

    assertThat(out.toByteArray()).isEqualTo(in);
    assertThat(result.tonesMasked()).isZero();
    assertThat(result.note()).contains("34 more follow");
  }

  @Test
  void paymentWindowsApplyToTheDeclaredAudioNotToTheChunksBeforeIt() throws IOException {
    CardCall call = CardCall.hidden(WavLayout.CHUNK_BEFORE_DATA, WavFormat.Encoding.PCM_16, 8000, 1, 5);
    byte[] in = call.wav();
    int dataStart = call.keyedBytes()[1] + 8;
    MaskSettings settings = MaskSettings.defaults().withMarkedIntervals(List.of(MarkedInterval.ofFrames(100, 200)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    DtmfMasker.mask(new ByteArrayInputStream(in), out, settings);

    byte[] masked = out.toByteArray();
    assertThat(Arrays.copyOfRange(masked, dataStart + 200, dataStart + 400)).containsOnly(0);
    assertThat(Arrays.copyOfRange(masked, dataStart + 400, dataStart + 402)).isEqualTo(Arrays.copyOfRange(in, dataStart + 400, dataStart + 402));
    assertThat(call.digitsIn(masked)).isEmpty();
  }

  private static void expectNote(WavLayout layout, String note) {
    switch (layout) {
      case TRUNCATED -> assertThat(note).contains("truncated");
      case STREAMED_SIZE_ZERO, STREAMED_SIZE_FFFFFFFF, CHUNK_BEFORE_DATA -> assertThat(note).isNull();
      default -> assertThat(note).contains("more follow").contains("masked as audio");
    }
  }

  /** Only the keyed stretch may change: headers, chunk headers and the speech stay as they were. */
  private static void assertIdenticalOutside(byte[] in, byte[] out, int[] keyed) {
    assertThat(out).hasSameSizeAs(in);
    for (int i = 0; i < in.length; i++) {
      if (in[i] != out[i]) {
        assertThat(i).as("byte %d changed outside the keyed stretch [%d, %d)", i, keyed[0], keyed[1])
            .isBetween(keyed[0], keyed[1] - 1);
      }
    }
  }
}
