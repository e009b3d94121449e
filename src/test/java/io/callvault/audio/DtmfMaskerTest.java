package io.callvault.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DtmfMaskerTest {
  private static final String CARD = "4556737586899855";
  private static final int GUARD_MS = 30;

  @ParameterizedTest(name = "{0} {1} Hz {2} channel(s)")
  @CsvSource({
    "PCM_16, 8000, 1",
    "PCM_16, 16000, 1",
    "PCM_16, 8000, 2",
    "MULAW, 8000, 1",
    "ALAW, 8000, 1",
    "MULAW, 8000, 2",
    "PCM_U8, 8000, 1",
    "ALAW, 16000, 2"
  })
  void keyedCardNumberIsDecodableBeforeMaskingAndGoneAfterIt(WavFormat.Encoding encoding, int rate, int channels) throws IOException {
    TestAudio.KeyedCard card = TestAudio.keyedCard(rate, CARD, 42 + rate + channels);
    short[] keyed = TestAudio.toShorts(card.audio());
    short[][] audio = channels == 1 ? new short[][] {keyed} : new short[][] {keyed, otherParty(rate, keyed.length)};
    TestWav builder = TestWav.of(encoding, rate, audio);
    byte[] in = builder.build();

    assertThat(FftDtmfDecoder.decode(card.keyedPart(TestWav.read(in)[0]), rate)).isEqualTo(CARD);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MaskResult result = DtmfMasker.mask(new ByteArrayInputStream(in), out, MaskSettings.defaults());
    byte[] masked = out.toByteArray();

    assertThat(result.masked()).isTrue();
    assertThat(result.notMaskedReason()).isNull();
    assertThat(result.tonesMasked()).isEqualTo(16);
    for (short[] channel : TestWav.read(masked)) {
      assertThat(FftDtmfDecoder.decode(card.keyedPart(channel), rate)).isEmpty();
    }
    List<long[]> zones = zones(card.tones(), rate);
    assertIdenticalOutside(in, masked, builder.dataOffset(), channels * encoding.bytesPerSample(), zones);
    long toneMillis = card.tones().stream().mapToLong(t -> (t[1] - t[0]) * 1000 / rate).sum();
    assertThat(result.maskedMillis()).isBetween(toneMillis, zones.stream().mapToLong(z -> (z[1] - z[0]) * 1000 / rate).sum());
  }

  @Test
  void tonesOnOneChannelSilenceBothChannels() throws IOException {
    int rate = 8000;
    TestAudio.KeyedCard card = TestAudio.keyedCard(rate, CARD, 7);
    short[] keyed = TestAudio.toShorts(card.audio());
    short[] agent = otherParty(rate, keyed.length);
    byte[] in = TestWav.wav(WavFormat.Encoding.PCM_16, rate, agent, keyed);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DtmfMasker.mask(new ByteArrayInputStream(in), out, MaskSettings.defaults());

    short[][] masked = TestWav.read(out.toByteArray());
    for (long[] tone : card.tones()) {
      for (long f = tone[0]; f < tone[1]; f++) {
        assertThat(masked[0][(int) f]).isZero();
        assertThat(masked[1][(int) f]).isZero();
      }
    }
  }

  @Test
  void comfortNoiseReplacesTonesWithLowNoiseAndNoDigit() throws IOException {
    int rate = 8000;
    TestAudio.KeyedCard card = TestAudio.keyedCard(rate, CARD, 9);
    byte[] in = TestWav.wav(WavFormat.Encoding.MULAW, rate, TestAudio.toShorts(card.audio()));
    MaskSettings settings = MaskSettings.defaults().withFill(MaskSettings.Fill.COMFORT_NOISE, -60);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MaskResult result = DtmfMasker.mask(new ByteArrayInputStream(in), out, settings);

    short[] masked = TestWav.read(out.toByteArray())[0];
    assertThat(result.tonesMasked()).isEqualTo(16);
    assertThat(FftDtmfDecoder.decode(card.keyedPart(masked), rate)).isEmpty();
    long[] tone = card.tones().get(3);
    double sq = 0;
    boolean anyNonZero = false;
    for (long f = tone[0]; f < tone[1]; f++) {
      sq += (double) masked[(int) f] * masked[(int) f];
      anyNonZero |= masked[(int) f] != 0;
    }
    double rmsDbm0 = 20 * Math.log10(Math.sqrt(sq / (tone[1] - tone[0])) * Math.sqrt(2) / TestAudio.DBM0_PEAK);
    assertThat(anyNonZero).isTrue();
    assertThat(rmsDbm0).isBetween(-66.0, -55.0);
  }

  @ParameterizedTest(name = "seed {0} at {1} Hz")
  @CsvSource({"1, 8000", "2, 8000", "3, 16000", "4, 8000"})
  void speechLikeAudioIsLeftBitIdentical(long seed, int rate) throws IOException {
    double[] audio = new double[rate * 20];
    TestAudio.addSpeechLike(audio, rate, 0, audio.length, -15, seed);
    TestAudio.addSpeechLike(audio, rate, rate * 5L, rate * 5L, -25, seed + 100);
    TestAudio.addNoise(audio, -45, seed);
    byte[] in = TestWav.wav(WavFormat.Encoding.PCM_16, rate, TestAudio.toShorts(audio));

    assertNothingChanged(in);
  }

  @Test
  void musicLikeToneMixturesAreLeftBitIdentical() throws IOException {
    int rate = 8000;
    double[] audio = new double[rate * 24];
    double[][] chords = {
      {523.25, 659.26, 783.99}, // C major
      {440.00, 523.25, 659.26}, // A minor
      {698.46, 880.00, 1046.50}, // F major, F5 next to 697 Hz
      {392.00, 493.88, 587.33}, // G major, harmonics near 784 and 1477 Hz
      {698.46, 880.00, 1046.50, 1318.51}, // F major 7th, E6 next to 1336 Hz
      {466.16, 587.33, 698.46, 932.33} // B-flat major, A#5 next to 941 Hz
    };
    long t = 0;
    for (double[] chord : chords) {
      for (double note : chord) {
        TestAudio.addNote(audio, rate, t, rate, note, -14, 4);
      }
      t += rate;
    }
    for (double f : DtmfDetector.FREQUENCIES) { // each DTMF frequency alone, pure
      TestAudio.addTone(audio, rate, t, rate / 2, f, TestAudio.amplitude(-8));
      t += rate / 2;
    }
    double[][] sameGroup = {{697, 770}, {852, 941}, {1209, 1336}, {1477, 1633}, {697, 941}};
    for (double[] pair : sameGroup) { // two frequencies of one group: no key
      TestAudio.addTone(audio, rate, t, rate / 2, pair[0], TestAudio.amplitude(-10));
      TestAudio.addTone(audio, rate, t, rate / 2, pair[1], TestAudio.amplitude(-10));
      t += rate / 2;
    }
    double[] melody = {659.26, 698.46, 783.99, 880.00, 932.33, 1046.5, 1174.66, 1318.51, 1396.91, 1479.98, 1567.98};
    for (int i = 0; i < 40; i++) { // a quick melody over a held bass, notes 60 ms
      TestAudio.addNote(audio, rate, t + i * (rate * 60L / 1000), rate * 60 / 1000, melody[(i * 7) % melody.length], -12, 3);
    }
    TestAudio.addNote(audio, rate, t, rate * 3L, 130.81, -12, 6);
    TestAudio.addNoise(audio, -50, 5);
    byte[] in = TestWav.wav(WavFormat.Encoding.PCM_16, rate, TestAudio.toShorts(audio));

    assertNothingChanged(in);
  }

  @Test
  void markedIntervalsAreSilencedSampleExactly() throws IOException {
    int rate = 8000;
    double[] audio = new double[rate * 8];
    TestAudio.addSpeechLike(audio, rate, 0, audio.length, -12, 11);
    TestAudio.addNoise(audio, -40, 11);
    short[] left = TestAudio.toShorts(audio);
    short[] right = otherParty(rate, left.length);
    TestWav builder = TestWav.of(WavFormat.Encoding.MULAW, rate, left, right);
    byte[] in = builder.build();
    MaskSettings settings = MaskSettings.defaults().withMarkedIntervals(List.of(
        MarkedInterval.ofFrames(12_345, 23_457),
        MarkedInterval.ofMillis(5_000, 5_501),
        MarkedInterval.ofMillis(5_400, 6_000)));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MaskResult result = DtmfMasker.mask(new ByteArrayInputStream(in), out, settings);
    byte[] masked = out.toByteArray();

    List<long[]> exact = List.of(new long[] {12_345, 23_457}, new long[] {40_000, 48_000});
    assertIdenticalOutside(in, masked, builder.dataOffset(), 2, exact);
    for (long[] zone : exact) {
      for (long f = zone[0]; f < zone[1]; f++) {
        int at = builder.dataOffset() + (int) f * 2;
        assertThat(masked[at]).isEqualTo((byte) 0xFF);
        assertThat(masked[at + 1]).isEqualTo((byte) 0xFF);
      }
    }
    assertThat(in[builder.dataOffset() + 12_344 * 2]).isNotEqualTo((byte) 0xFF);
    assertThat(result.tonesMasked()).isZero();
    assertThat(result.maskedMillis()).isEqualTo((11_112 + 8_000) / 8);
  }

  @Test
  void markedIntervalsAloneCanBeMaskedWithToneDetectionOff() throws IOException {
    int rate = 16000;
    TestAudio.KeyedCard card = TestAudio.keyedCard(rate, "1234", 3);
    TestWav builder = TestWav.of(WavFormat.Encoding.PCM_16, rate, TestAudio.toShorts(card.audio()));
    byte[] in = builder.build();
    MaskSettings settings = MaskSettings.defaults().withDetectTones(false)
        .withMarkedIntervals(List.of(MarkedInterval.ofMillis(100, 200)));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MaskResult result = DtmfMasker.mask(new ByteArrayInputStream(in), out, settings);

    assertIdenticalOutside(in, out.toByteArray(), builder.dataOffset(), 2, List.of(new long[] {1600, 3200}));
    assertThat(result).isEqualTo(new MaskResult(0, 100, true, null));
    assertThat(FftDtmfDecoder.decode(card.keyedPart(TestWav.read(out.toByteArray())[0]), rate)).isEqualTo("1234");
  }

  @Test
  void outputDoesNotDependOnHowTheInputIsChunked() throws IOException {
    int rate = 8000;
    TestAudio.KeyedCard card = TestAudio.keyedCard(rate, "90210", 5);
    byte[] in = TestWav.of(WavFormat.Encoding.PCM_16, rate, TestAudio.toShorts(card.audio()))
        .chunkBeforeData("LIST", new byte[301])
        .chunkAfterData("LIST", new byte[17])
        .build();
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    MaskResult wholeResult = DtmfMasker.mask(new ByteArrayInputStream(in), whole, MaskSettings.defaults());

    for (int size : new int[] {1, 7, 4096}) {
      ByteArrayOutputStream chunked = new ByteArrayOutputStream();
      MaskingOutputStream masking = DtmfMasker.maskingStream(chunked, MaskSettings.defaults());
      for (int at = 0; at < in.length; at += size) {
        masking.write(in, at, Math.min(size, in.length - at));
      }
      masking.close();
      assertThat(chunked.toByteArray()).isEqualTo(whole.toByteArray());
      assertThat(masking.result()).isEqualTo(wholeResult);
    }
    assertThat(wholeResult.tonesMasked()).isEqualTo(5);
  }

  @Test
  void streamedWavWithoutSizesIsMaskedToTheEnd() throws IOException {
    int rate = 8000;
    TestAudio.KeyedCard card = TestAudio.keyedCard(rate, "5555", 8);
    for (long sizeField : new long[] {0, 0xFFFFFFFFL}) {
      TestWav builder = TestWav.of(WavFormat.Encoding.PCM_16, rate, TestAudio.toShorts(card.audio())).dataSizeField(sizeField);
      byte[] in = builder.build();
      ByteArrayOutputStream out = new ByteArrayOutputStream();

      MaskResult result = DtmfMasker.mask(new ByteArrayInputStream(in), out, MaskSettings.defaults());

      assertThat(result.tonesMasked()).isEqualTo(4);
      assertIdenticalOutside(in, out.toByteArray(), builder.dataOffset(), 2, zones(card.tones(), rate));
    }
  }

  @Test
  void masksARecordingLongerThanAnyBufferThroughAStream() throws IOException {
    int rate = 8000;
    TestAudio.KeyedCard card = TestAudio.keyedCard(rate, "4711", 13);
    byte[] samples = TestWav.encode(WavFormat.Encoding.PCM_16, rate, new short[][] {TestAudio.toShorts(card.audio())});
    int repeats = 300; // about 30 minutes of audio, generated as it is read
    byte[] header = TestWav.of(WavFormat.Encoding.PCM_16, rate, new short[1]).dataSizeField(0).build();
    byte[] head = java.util.Arrays.copyOf(header, header.length - 2);
    CountingOutputStream counter = new CountingOutputStream();

    MaskingOutputStream masking = DtmfMasker.maskingStream(counter, MaskSettings.defaults());
    masking.write(head);
    for (int i = 0; i < repeats; i++) {
      masking.write(samples);
    }
    masking.close();

    assertThat(counter.count).isEqualTo(head.length + (long) samples.length * repeats);
    assertThat(masking.result().tonesMasked()).isEqualTo(4 * repeats);
  }

  private static void assertNothingChanged(byte[] in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MaskResult result = DtmfMasker.mask(new ByteArrayInputStream(in), out, MaskSettings.defaults());
    assertThat(result).isEqualTo(new MaskResult(0, 0, true, null));
    assertThat(out.toByteArray()).isEqualTo(in);
  }

  /** A second party talking, for stereo files. */
  static short[] otherParty(int rate, int frames) {
    double[] audio = new double[frames];
    TestAudio.addSpeechLike(audio, rate, 0, frames, -18, 99);
    TestAudio.addNoise(audio, -48, 99);
    return TestAudio.toShorts(audio);
  }

  /** Where masking may change audio: each tone with the guard and one analysis window of slack. */
  static List<long[]> zones(List<long[]> tones, int rate) {
    long margin = (long) rate * GUARD_MS / 1000 + rate * 102L / 8000;
    List<long[]> zones = new ArrayList<>();
    for (long[] t : tones) {
      zones.add(new long[] {t[0] - margin, t[1] + margin});
    }
    return zones;
  }

  /** Every byte before the audio, and every frame outside {@code zones}, is unchanged. */
  static void assertIdenticalOutside(byte[] in, byte[] out, int dataOffset, int blockAlign, List<long[]> zones) {
    assertThat(out).hasSameSizeAs(in);
    int changedInside = 0;
    for (int i = 0; i < in.length; i++) {
      if (in[i] == out[i]) {
        continue;
      }
      long frame = i < dataOffset ? -1 : (i - dataOffset) / blockAlign;
      boolean allowed = frame >= 0 && zones.stream().anyMatch(z -> frame >= z[0] && frame < z[1]);
      assertThat(allowed).as("byte %d (frame %d) changed outside the masked zones", i, frame).isTrue();
      changedInside++;
    }
    assertThat(changedInside).as("bytes changed inside the zones").isPositive();
  }

  private static final class CountingOutputStream extends java.io.OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
