package io.callvault.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DtmfDetectorTest {
  private static final int RATE = 8000;

  /** Runs the detector over mono audio and collects the reported tones. */
  private static final class Run implements DtmfDetector.Listener {
    final List<long[]> tones = new ArrayList<>();
    final DtmfDetector detector;

    Run(int rate, int channels, DtmfSettings settings, short[] interleaved) {
      this(rate, channels, settings, interleaved, 1000);
    }

    Run(int rate, int channels, DtmfSettings settings, short[] interleaved, int chunk) {
      detector = new DtmfDetector(rate, channels, settings, this);
      int frames = interleaved.length / channels;
      for (int f = 0; f < frames; f += chunk) {
        int n = Math.min(chunk, frames - f);
        short[] part = java.util.Arrays.copyOfRange(interleaved, f * channels, (f + n) * channels);
        detector.process(part, n);
      }
      detector.finish();
    }

    @Override
    public void toneStarted(int channel, long startFrame) {
      tones.add(new long[] {startFrame, -1});
    }

    @Override
    public void toneEnded(int channel, long endFrame) {
      tones.get(tones.size() - 1)[1] = endFrame;
    }
  }

  private static Run detect(double[] audio) {
    return new Run(RATE, 1, DtmfSettings.defaults(), TestAudio.toShorts(audio));
  }

  private static double[] keyed(char key, int millis, double dbm0, double twistDb, double error, int offset) {
    double[] audio = new double[RATE / 2];
    TestAudio.addKey(audio, RATE, 1000 + offset, RATE * millis / 1000, key, dbm0, twistDb, error);
    TestAudio.addNoise(audio, -55, offset);
    return audio;
  }

  private static double[] pair(double low, double high, int millis, double dbm0) {
    double[] audio = new double[RATE / 2];
    TestAudio.addTone(audio, RATE, 1000, RATE * millis / 1000, low, TestAudio.amplitude(dbm0));
    TestAudio.addTone(audio, RATE, 1000, RATE * millis / 1000, high, TestAudio.amplitude(dbm0));
    return audio;
  }

  @Test
  void everyKeyIsDetectedAtNominalFrequencies() {
    for (char key : TestAudio.KEYS.toCharArray()) {
      assertThat(detect(keyed(key, 60, -10, 0, 0, 0)).detector.tonesDetected()).as("key %s", key).isEqualTo(1);
    }
  }

  @Test
  void tonesOffByOneAndAHalfPercentAreAccepted() {
    for (double low : TestAudio.ROWS) {
      for (double high : TestAudio.COLS) {
        for (double e : new double[] {-0.015, 0.015}) {
          assertThat(detect(pair(low * (1 + e), high * (1 - e), 60, -15)).detector.tonesDetected())
              .as("%.0f/%.0f off by %.1f%%", low, high, e * 100).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void aToneOffByThreeAndAHalfPercentIsRejected() {
    for (int i = 0; i < 4; i++) {
      for (double e : new double[] {-0.035, 0.035}) {
        double low = TestAudio.ROWS[i];
        double high = TestAudio.COLS[i];
        assertThat(detect(pair(low * (1 + e), high, 80, -10)).detector.tonesDetected()).as("low %.0f off", low).isZero();
        assertThat(detect(pair(low, high * (1 + e), 80, -10)).detector.tonesDetected()).as("high %.0f off", high).isZero();
      }
    }
  }

  @ParameterizedTest(name = "starting {0} samples into a window")
  @ValueSource(ints = {0, 13, 25, 38, 50, 77, 101})
  void fortyMillisecondTonesAreAcceptedAtAnyAlignment(int offset) {
    assertThat(detect(keyed('5', 40, -20, -2, 0.005, offset)).detector.tonesDetected()).isEqualTo(1);
    assertThat(detect(keyed('D', 40, -20, 2, -0.01, offset)).detector.tonesDetected()).isEqualTo(1);
  }

  @ParameterizedTest(name = "starting {0} samples into a window")
  @ValueSource(ints = {0, 13, 25, 38, 50, 77, 101})
  void tonesShorterThanTwentyThreeMillisecondsAreRejected(int offset) {
    assertThat(detect(keyed('5', 22, -10, 0, 0, offset)).detector.tonesDetected()).isZero();
  }

  @Test
  void minimumToneDurationIsConfigurable() {
    DtmfSettings longTones = DtmfSettings.defaults().withMinToneMillis(100);
    short[] sixty = TestAudio.toShorts(keyed('7', 60, -10, 0, 0, 0));
    short[] oneTwenty = TestAudio.toShorts(keyed('7', 120, -10, 0, 0, 0));
    assertThat(new Run(RATE, 1, longTones, sixty).detector.tonesDetected()).isZero();
    assertThat(new Run(RATE, 1, longTones, oneTwenty).detector.tonesDetected()).isEqualTo(1);
  }

  @Test
  void twistWithinLimitsIsAcceptedAndBeyondIsRejected() {
    assertThat(detect(keyed('8', 60, -15, 3.5, 0, 0)).detector.tonesDetected()).as("high 3.5 dB louder").isEqualTo(1);
    assertThat(detect(keyed('8', 60, -15, 5.5, 0, 0)).detector.tonesDetected()).as("high 5.5 dB louder").isZero();
    assertThat(detect(keyed('8', 60, -10, -7.5, 0, 0)).detector.tonesDetected()).as("low 7.5 dB louder").isEqualTo(1);
    assertThat(detect(keyed('8', 60, -10, -9.5, 0, 0)).detector.tonesDetected()).as("low 9.5 dB louder").isZero();
  }

  @Test
  void tonesBelowTheMinimumLevelAreRejected() {
    assertThat(detect(keyed('0', 60, -37, 0, 0, 0)).detector.tonesDetected()).isEqualTo(1);
    assertThat(detect(keyed('0', 60, -43, 0, 0, 0)).detector.tonesDetected()).isZero();
    DtmfSettings quiet = DtmfSettings.defaults().withMinLevelDbm0(-50);
    assertThat(new Run(RATE, 1, quiet, TestAudio.toShorts(keyed('0', 60, -43, 0, 0, 0))).detector.tonesDetected()).isEqualTo(1);
  }

  @Test
  void tonesDrownedInNoiseAreRejected() {
    double[] noisy = keyed('9', 80, -25, 0, 0, 0);
    TestAudio.addNoise(noisy, -20, 1);
    double[] clean = keyed('9', 80, -25, 0, 0, 0);
    TestAudio.addNoise(clean, -40, 1);
    assertThat(detect(noisy).detector.tonesDetected()).isZero();
    assertThat(detect(clean).detector.tonesDetected()).isEqualTo(1);
  }

  @Test
  void aShortInterruptionIsOneToneAndAPauseMakesTwo() {
    double[] interrupted = new double[RATE];
    TestAudio.addKey(interrupted, RATE, 800, 480, '1', -10, 0, 0);
    TestAudio.addKey(interrupted, RATE, 800 + 480 + 80, 480, '1', -10, 0, 0);
    double[] pressedTwice = new double[RATE];
    TestAudio.addKey(pressedTwice, RATE, 800, 480, '1', -10, 0, 0);
    TestAudio.addKey(pressedTwice, RATE, 800 + 480 + 400, 480, '1', -10, 0, 0);

    assertThat(detect(interrupted).detector.tonesDetected()).as("10 ms gap").isEqualTo(1);
    assertThat(detect(pressedTwice).detector.tonesDetected()).as("50 ms pause").isEqualTo(2);
  }

  @Test
  void reportedIntervalCoversTheToneWithinOneWindow() {
    Run run = detect(keyed('#', 100, -12, 0, 0, 33));
    long start = 1033;
    long end = start + 800;
    int window = run.detector.windowFrames();
    assertThat(run.tones).hasSize(1);
    assertThat(run.tones.get(0)[0]).isBetween(start - window, start + window / 2);
    assertThat(run.tones.get(0)[1]).isBetween(end - window / 2, end + window);
  }

  @Test
  void aToneOnBothChannelsCountsOnceAndOneOnEitherIsReported() {
    short[] tone = TestAudio.toShorts(keyed('6', 80, -10, 0, 0, 0));
    short[] quiet = new short[tone.length];
    short[] both = new short[tone.length * 2];
    short[] rightOnly = new short[tone.length * 2];
    for (int i = 0; i < tone.length; i++) {
      both[2 * i] = tone[i];
      both[2 * i + 1] = tone[i];
      rightOnly[2 * i] = quiet[i];
      rightOnly[2 * i + 1] = tone[i];
    }
    assertThat(new Run(RATE, 2, DtmfSettings.defaults(), both).detector.tonesDetected()).isEqualTo(1);
    Run right = new Run(RATE, 2, DtmfSettings.defaults(), rightOnly);
    assertThat(right.detector.tonesDetected()).isEqualTo(1);
    assertThat(right.tones).hasSize(1);
  }

  @Test
  void sixteenKilohertzAudioIsAnalysedWithTheSameLimits() {
    double[] audio = new double[16000 / 2];
    TestAudio.addKey(audio, 16000, 2000, 16000 * 45 / 1000, '3', -20, 1, 0.01);
    double[] shortTone = new double[16000 / 2];
    TestAudio.addKey(shortTone, 16000, 2000, 16000 * 20 / 1000, '3', -20, 1, 0.01);
    assertThat(new Run(16000, 1, DtmfSettings.defaults(), TestAudio.toShorts(audio)).detector.tonesDetected()).isEqualTo(1);
    assertThat(new Run(16000, 1, DtmfSettings.defaults(), TestAudio.toShorts(shortTone)).detector.tonesDetected()).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 7, 50, 51, 52, 1000, 100_000})
  void howTheAudioIsCutIntoPiecesDoesNotChangeWhatIsFound(int chunk) {
    double[] left = new double[RATE];
    TestAudio.addKey(left, RATE, 800, RATE * 60 / 1000, '5', -15, 1, 0.005);
    TestAudio.addKey(left, RATE, 3000, RATE * 45 / 1000, '#', -20, 0, 0.01);
    TestAudio.addNoise(left, -50, 3);
    double[] right = new double[RATE];
    TestAudio.addKey(right, RATE, 5000, RATE * 70 / 1000, '0', -12, 2, 0);
    TestAudio.addNoise(right, -50, 4);
    short[] l = TestAudio.toShorts(left);
    short[] r = TestAudio.toShorts(right);
    short[] stereo = new short[2 * l.length];
    for (int i = 0; i < l.length; i++) {
      stereo[2 * i] = l[i];
      stereo[2 * i + 1] = r[i];
    }
    Run mono = new Run(RATE, 1, DtmfSettings.defaults(), l, chunk);
    Run monoWhole = new Run(RATE, 1, DtmfSettings.defaults(), l, l.length);
    Run both = new Run(RATE, 2, DtmfSettings.defaults(), stereo, chunk);
    Run bothWhole = new Run(RATE, 2, DtmfSettings.defaults(), stereo, l.length);

    assertThat(mono.detector.tonesDetected()).isEqualTo(2);
    assertThat(intervals(mono)).isEqualTo(intervals(monoWhole));
    assertThat(both.detector.tonesDetected()).isEqualTo(3);
    assertThat(intervals(both)).isEqualTo(intervals(bothWhole));
  }

  private static List<String> intervals(Run run) {
    return run.tones.stream().map(java.util.Arrays::toString).toList();
  }
}
