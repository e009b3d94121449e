package io.callvault.audio;

/**
 * Streaming DTMF detector after ITU-T Q.23/Q.24, on 16-bit linear samples.
 *
 * <p>Each channel is analysed in windows of 12.75 ms (102 samples at 8 kHz) that overlap by
 * half: Goertzel filters measure the eight DTMF frequencies over every half-window, and the two
 * halves are combined by phase into the window's spectrum. A window holds a key when the strongest
 * low-group and high-group tones are each loud enough, hold together at least
 * {@link DtmfSettings#minToneEnergyShare()} of the window's energy (the signal-to-noise limit),
 * stand out in their group, respect the twist limits, and are on frequency: each tone must be
 * stronger at its nominal frequency than 5 % above or below it, so offsets up to about 2.5 %
 * pass (Q.23: accept 1.5 %, reject 3.5 %). Enough consecutive windows of the same key for the
 * minimum duration make a tone: 40 ms tones are always accepted, tones under 25 ms never.
 *
 * <p>The key itself never leaves this class: listeners get frame positions only, per channel.
 */
public final class DtmfDetector {

  /** Receives tone boundaries, in frames from the start of the audio. */
  public interface Listener {
    /** A tone began on {@code channel} at {@code startFrame}. */
    void toneStarted(int channel, long startFrame);

    /** The tone that began on {@code channel} ended at {@code endFrame} (exclusive). */
    void toneEnded(int channel, long endFrame);
  }

  static final double[] FREQUENCIES = {697, 770, 852, 941, 1209, 1336, 1477, 1633};
  /** Peak amplitude of a 0 dBm0 sine in 16-bit linear samples (G.711 full scale is +3.17 dBm0). */
  static final double DBM0_PEAK = 22662;
  private static final double PROBE_OFFSET = 0.05;
  private static final int NONE = -1;

  private final int half;
  private final int requiredHits;
  private final int bridgeFrames;
  private final double[] coeff = new double[8];
  private final double[] cosW = new double[8];
  private final double[] sinW = new double[8];
  private final double[] cosHalf = new double[8];
  private final double[] sinHalf = new double[8];
  private final double[] probeBelow = new double[8];
  private final double[] probeAbove = new double[8];
  private final double minAmplitudeSquared;
  private final double maxHighOverLow;
  private final double maxLowOverHigh;
  private final double groupMargin;
  private final double minShare;
  private final Listener listener;
  private final Channel[] channels;
  private final double[] power = new double[8];
  private int fill;
  private int slot;
  private long halfStart;
  private boolean havePrevious;
  private int tones;
  private boolean finished;

  public DtmfDetector(int sampleRate, int channelCount, DtmfSettings settings, Listener listener) {
    if (sampleRate < 8000 || channelCount < 1) {
      throw new IllegalArgumentException("need at least 8000 Hz and one channel");
    }
    this.listener = listener;
    this.half = (int) Math.round(sampleRate * 51 / 8000.0);
    int window = 2 * half;
    long minTone = Math.round(settings.minToneMillis() * sampleRate / 1000.0);
    this.requiredHits = (int) Math.max(1, (minTone - half) / half);
    long pause = Math.round(settings.minPauseMillis() * sampleRate / 1000.0);
    this.bridgeFrames = (int) Math.max(0, pause - window);
    for (int k = 0; k < 8; k++) {
      double w = 2 * Math.PI * FREQUENCIES[k] / sampleRate;
      coeff[k] = 2 * Math.cos(w);
      cosW[k] = Math.cos(w);
      sinW[k] = Math.sin(w);
      cosHalf[k] = Math.cos(w * half);
      sinHalf[k] = Math.sin(w * half);
      probeBelow[k] = 2 * Math.cos(w * (1 - PROBE_OFFSET));
      probeAbove[k] = 2 * Math.cos(w * (1 + PROBE_OFFSET));
    }
    double minAmplitude = DBM0_PEAK * Math.pow(10, settings.minLevelDbm0() / 20);
    this.minAmplitudeSquared = minAmplitude * minAmplitude;
    this.maxHighOverLow = Math.pow(10, settings.normalTwistDb() / 10);
    this.maxLowOverHigh = Math.pow(10, settings.reverseTwistDb() / 10);
    this.groupMargin = Math.pow(10, settings.groupMarginDb() / 10);
    this.minShare = settings.minToneEnergyShare();
    this.channels = new Channel[channelCount];
    for (int c = 0; c < channelCount; c++) {
      channels[c] = new Channel(half);
    }
  }

  /** Frames per analysis window. */
  public int windowFrames() {
    return 2 * half;
  }

  /** The most frames the input can run ahead of {@link #safeFrame()}. */
  public int maxLatencyFrames() {
    return (requiredHits + 3) * half;
  }

  /** Tones detected so far (overlapping tones on several channels count once). */
  public int tonesDetected() {
    return tones;
  }

  /** No tone reported from now on can start before this frame: audio before it is final. */
  public long safeFrame() {
    long safe = Math.max(0, halfStart - half);
    for (Channel ch : channels) {
      if (ch.candHits > 0) {
        safe = Math.min(safe, ch.candStart);
      }
    }
    return safe;
  }

  /** Feeds {@code frames} interleaved frames of linear samples. */
  public void process(short[] interleaved, int frames) {
    if (finished) {
      throw new IllegalStateException("detector already finished");
    }
    int nch = channels.length;
    int f = 0;
    while (f < frames) {
      // copy up to the end of the current half-window, one channel at a time (a tight loop the JIT vectorises)
      int take = Math.min(half - fill, frames - f);
      int at = slot * half + fill;
      for (int c = 0; c < nch; c++) {
        double[] dst = channels[c].samples;
        int src = f * nch + c;
        for (int j = 0; j < take; j++) {
          dst[at + j] = interleaved[src];
          src += nch;
        }
      }
      f += take;
      fill += take;
      if (fill == half) {
        endHalf(half);
      }
    }
  }

  /** Analyses the last partial half-window and ends any tone still running. */
  public void finish() {
    if (finished) {
      return;
    }
    if (fill >= half / 2) {
      endHalf(fill);
    }
    halfStart += fill;
    fill = 0;
    for (int c = 0; c < channels.length; c++) {
      Channel ch = channels[c];
      ch.candHits = 0;
      if (ch.active) {
        endTone(c, ch);
      }
    }
    finished = true;
  }

  private void endHalf(int n) {
    int from = slot * half;
    for (int c = 0; c < channels.length; c++) {
      Channel ch = channels[c];
      ch.measure(from, n, this);
      if (havePrevious) {
        int key = classify(ch, n);
        onWindow(c, ch, key, halfStart - half, halfStart + n);
      }
      ch.swap();
    }
    havePrevious = true;
    halfStart += n;
    slot ^= 1;
    fill = 0;
  }

  private void onWindow(int c, Channel ch, int key, long start, long end) {
    if (ch.active) {
      if (key == ch.activeKey) {
        ch.lastHitEnd = end;
        return;
      }
      endTone(c, ch);
    }
    if (key == NONE) {
      ch.candHits = 0;
      ch.candKey = NONE;
      return;
    }
    if (ch.candHits > 0 && key == ch.candKey) {
      ch.candHits++;
    } else {
      ch.candKey = key;
      ch.candHits = 1;
      ch.candStart = start;
    }
    if (ch.candHits >= requiredHits) {
      boolean interruption = key == ch.lastToneKey && ch.candStart - ch.lastToneEnd < bridgeFrames;
      if (!interruption && !overlapsOtherChannel(c, ch.candStart)) {
        tones++;
      }
      ch.active = true;
      ch.activeKey = key;
      ch.lastHitEnd = end;
      ch.candHits = 0;
      ch.candKey = NONE;
      listener.toneStarted(c, ch.candStart);
    }
  }

  private boolean overlapsOtherChannel(int c, long start) {
    for (int o = 0; o < channels.length; o++) {
      if (o != c && (channels[o].active || channels[o].lastToneEnd > start)) {
        return true;
      }
    }
    return false;
  }

  private void endTone(int c, Channel ch) {
    ch.active = false;
    ch.lastToneKey = ch.activeKey;
    ch.lastToneEnd = ch.lastHitEnd;
    listener.toneEnded(c, ch.lastHitEnd);
  }

  /**
   * Classifies the window made of the channel's previous half (length {@code half}) and current
   * half (length {@code n}). Returns the key index (row * 4 + column) or NONE.
   */
  private int classify(Channel ch, int n) {
    int len = half + n;
    double sum = ch.prevSum + ch.sum;
    double energy = ch.prevSumSq + ch.sumSq - sum * sum / len;
    // two tones at the minimum level hold at least len * minAmplitude^2 / 2 of energy
    if (energy < len * minAmplitudeSquared / 2) {
      return NONE;
    }
    for (int k = 0; k < 8; k++) {
      double rc;
      double rs;
      if (n == half) {
        rc = cosHalf[k];
        rs = sinHalf[k];
      } else {
        double w = Math.atan2(sinW[k], cosW[k]) * n;
        rc = Math.cos(w);
        rs = Math.sin(w);
      }
      // current half rotated by exp(-i w n), added to the previous half
      double re = ch.prevRe[k] + ch.re[k] * rc + ch.im[k] * rs;
      double im = ch.prevIm[k] + ch.im[k] * rc - ch.re[k] * rs;
      power[k] = re * re + im * im;
    }
    int row = strongest(0);
    int col = strongest(4);
    double pr = power[row];
    double pc = power[col];
    double minPower = minAmplitudeSquared * len * len / 4;
    if (pr < minPower || pc < minPower) {
      return NONE;
    }
    if (2 * (pr + pc) < minShare * len * energy) {
      return NONE;
    }
    if (pc > pr * maxHighOverLow || pr > pc * maxLowOverHigh) {
      return NONE;
    }
    if (!standsOut(row, 0) || !standsOut(col, 4)) {
      return NONE;
    }
    if (!onFrequency(ch, n, row) || !onFrequency(ch, n, col)) {
      return NONE;
    }
    return row * 4 + (col - 4);
  }

  private int strongest(int from) {
    int best = from;
    for (int k = from + 1; k < from + 4; k++) {
      if (power[k] > power[best]) {
        best = k;
      }
    }
    return best;
  }

  private boolean standsOut(int chosen, int from) {
    for (int k = from; k < from + 4; k++) {
      if (k != chosen && power[k] * groupMargin > power[chosen]) {
        return false;
      }
    }
    return true;
  }

  private boolean onFrequency(Channel ch, int n, int k) {
    int first = (slot ^ 1) * half;
    int second = slot * half;
    return power[k] >= windowPower(ch.samples, first, second, n, probeBelow[k])
        && power[k] >= windowPower(ch.samples, first, second, n, probeAbove[k]);
  }

  /** Goertzel power over the previous half (at {@code first}) followed by the current one. */
  private double windowPower(double[] x, int first, int second, int n, double c) {
    double s1 = 0;
    double s2 = 0;
    for (int i = first; i < first + half; i++) {
      double s0 = x[i] + c * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    for (int i = second; i < second + n; i++) {
      double s0 = x[i] + c * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    return s1 * s1 + s2 * s2 - c * s1 * s2;
  }

  /** Per-channel samples, half-window measurements and tone state. */
  private static final class Channel {
    final double[] samples;
    double[] re = new double[8];
    double[] im = new double[8];
    double[] prevRe = new double[8];
    double[] prevIm = new double[8];
    double sum;
    double sumSq;
    double prevSum;
    double prevSumSq;
    int candKey = NONE;
    int candHits;
    long candStart;
    boolean active;
    int activeKey = NONE;
    long lastHitEnd;
    int lastToneKey = NONE;
    long lastToneEnd = Long.MIN_VALUE / 2;

    Channel(int half) {
      samples = new double[2 * half];
    }

    /**
     * Runs the eight Goertzel filters over samples[from, from + n) and keeps, per frequency,
     * s1 - exp(-iw) s2: the half's DFT value up to a phase that classify() compensates.
     */
    void measure(int from, int n, DtmfDetector d) {
      double sm = 0;
      double sq = 0;
      for (int i = from; i < from + n; i++) {
        double v = samples[i];
        sm += v;
        sq += v * v;
      }
      sum = sm;
      sumSq = sq;
      goertzel4(from, n, d, 0);
      goertzel4(from, n, d, 4);
    }

    private void goertzel4(int from, int n, DtmfDetector d, int k) {
      double c0 = d.coeff[k];
      double c1 = d.coeff[k + 1];
      double c2 = d.coeff[k + 2];
      double c3 = d.coeff[k + 3];
      double a1 = 0;
      double a2 = 0;
      double b1 = 0;
      double b2 = 0;
      double e1 = 0;
      double e2 = 0;
      double f1 = 0;
      double f2 = 0;
      for (int i = from; i < from + n; i++) {
        double v = samples[i];
        double a0 = v + c0 * a1 - a2;
        double b0 = v + c1 * b1 - b2;
        double e0 = v + c2 * e1 - e2;
        double f0 = v + c3 * f1 - f2;
        a2 = a1;
        a1 = a0;
        b2 = b1;
        b1 = b0;
        e2 = e1;
        e1 = e0;
        f2 = f1;
        f1 = f0;
      }
      keep(d, k, a1, a2);
      keep(d, k + 1, b1, b2);
      keep(d, k + 2, e1, e2);
      keep(d, k + 3, f1, f2);
    }

    private void keep(DtmfDetector d, int k, double s1, double s2) {
      re[k] = s1 - d.cosW[k] * s2;
      im[k] = d.sinW[k] * s2;
    }

    void swap() {
      double[] t = prevRe;
      prevRe = re;
      re = t;
      t = prevIm;
      prevIm = im;
      im = t;
      prevSum = sum;
      prevSumSq = sumSq;
    }
  }
}
