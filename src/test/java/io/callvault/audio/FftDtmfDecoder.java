package io.callvault.audio;

/**
 * An independent DTMF decoder for tests: Hann-windowed FFT frames of about 32 ms every 8 ms,
 * the strongest peak in each group refined by parabolic interpolation, and a key when two
 * consecutive frames agree. Deliberately more lenient than the production detector (no duration
 * rule beyond two frames, 3.5 % frequency tolerance, -45 dBm0, 30 % of the energy, ±10 dB twist).
 */
final class FftDtmfDecoder {
  private static final double[] ROWS = TestAudio.ROWS;
  private static final double[] COLS = TestAudio.COLS;

  private FftDtmfDecoder() {}

  /** The keys found, in order; a key held over several frames appears once. */
  static String decode(short[] samples, int rate) {
    int n = Integer.highestOneBit(rate * 32 / 1000 * 2 - 1);
    int hop = n / 4;
    double[] window = new double[n];
    double windowSum = 0;
    for (int i = 0; i < n; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
      windowSum += window[i];
    }
    double minPeak = TestAudio.amplitude(-45) * windowSum / 2;
    StringBuilder keys = new StringBuilder();
    char previous = 0;
    char emitted = 0;
    double[] re = new double[n];
    double[] im = new double[n];
    double[] mag = new double[n / 2 + 1];
    for (int start = 0; start + n <= samples.length; start += hop) {
      for (int i = 0; i < n; i++) {
        re[i] = samples[start + i] * window[i];
        im[i] = 0;
      }
      fft(re, im);
      double total = 0;
      for (int k = 0; k <= n / 2; k++) {
        mag[k] = Math.hypot(re[k], im[k]);
        double f = (double) k * rate / n;
        if (f >= 100 && f <= 3800) {
          total += mag[k] * mag[k];
        }
      }
      char key = 0;
      int lo = peak(mag, rate, n, 650, 1000);
      int hi = peak(mag, rate, n, 1150, 1700);
      int row = nearest(ROWS, refined(mag, lo) * rate / n);
      int col = nearest(COLS, refined(mag, hi) * rate / n);
      if (row >= 0 && col >= 0 && mag[lo] >= minPeak && mag[hi] >= minPeak) {
        double share = (lobe(mag, lo) + lobe(mag, hi)) / total;
        double purity = Math.min(lobe(mag, lo) / band(mag, rate, n, 600, 1050), lobe(mag, hi) / band(mag, rate, n, 1100, 1750));
        double twist = 20 * Math.log10(mag[hi] / mag[lo]);
        if (share >= 0.3 && purity >= 0.7 && Math.abs(twist) <= 10) {
          key = TestAudio.KEYS.charAt(row * 4 + col);
        }
      }
      if (key != 0 && key == previous && key != emitted) {
        keys.append(key);
        emitted = key;
      }
      if (key == 0 && previous == 0) {
        emitted = 0;
      }
      previous = key;
    }
    return keys.toString();
  }

  private static int peak(double[] mag, int rate, int n, double fromHz, double toHz) {
    int from = (int) Math.ceil(fromHz * n / rate);
    int to = (int) Math.floor(toHz * n / rate);
    int best = from;
    for (int k = from; k <= to; k++) {
      if (mag[k] > mag[best]) {
        best = k;
      }
    }
    return best;
  }

  private static double refined(double[] mag, int k) {
    double a = Math.log(mag[k - 1] + 1e-9);
    double b = Math.log(mag[k] + 1e-9);
    double c = Math.log(mag[k + 1] + 1e-9);
    double denom = a - 2 * b + c;
    return denom == 0 ? k : k + 0.5 * (a - c) / denom;
  }

  private static double band(double[] mag, int rate, int n, double fromHz, double toHz) {
    double e = 0;
    for (int k = (int) Math.ceil(fromHz * n / rate); k <= (int) Math.floor(toHz * n / rate); k++) {
      e += mag[k] * mag[k];
    }
    return e;
  }

  private static double lobe(double[] mag, int k) {
    double e = 0;
    for (int j = k - 2; j <= k + 2; j++) {
      e += mag[j] * mag[j];
    }
    return e;
  }

  private static int nearest(double[] freqs, double f) {
    for (int i = 0; i < freqs.length; i++) {
      if (Math.abs(f - freqs[i]) <= 0.035 * freqs[i]) {
        return i;
      }
    }
    return -1;
  }

  /** In-place iterative radix-2 FFT. */
  private static void fft(double[] re, double[] im) {
    int n = re.length;
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (int len = 2; len <= n; len <<= 1) {
      double ang = -2 * Math.PI / len;
      double wr = Math.cos(ang);
      double wi = Math.sin(ang);
      for (int i = 0; i < n; i += len) {
        double cr = 1;
        double ci = 0;
        for (int k = 0; k < len / 2; k++) {
          int a = i + k;
          int b = a + len / 2;
          double xr = re[b] * cr - im[b] * ci;
          double xi = re[b] * ci + im[b] * cr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
          double t = cr * wr - ci * wi;
          ci = cr * wi + ci * wr;
          cr = t;
        }
      }
    }
  }
}
