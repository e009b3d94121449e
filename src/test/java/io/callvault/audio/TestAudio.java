package io.callvault.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Generates test audio: speech-like sound, noise, music-like chords and keyed DTMF digits. */
public final class TestAudio {
  /** Peak of a 0 dBm0 sine in 16-bit samples. */
  public static final double DBM0_PEAK = 22662;
  static final double[] ROWS = {697, 770, 852, 941};
  static final double[] COLS = {1209, 1336, 1477, 1633};
  static final String KEYS = "123A456B789C*0#D";

  private TestAudio() {}

  public static double amplitude(double dbm0) {
    return DBM0_PEAK * Math.pow(10, dbm0 / 20);
  }

  /** Adds a sine with 3 ms raised-cosine ramps. */
  public static void addTone(double[] buf, int rate, long start, long frames, double freq, double amp) {
    int ramp = rate * 3 / 1000;
    for (long i = 0; i < frames && start + i < buf.length; i++) {
      double env = 1;
      if (i < ramp) {
        env = 0.5 - 0.5 * Math.cos(Math.PI * i / ramp);
      } else if (frames - 1 - i < ramp) {
        env = 0.5 - 0.5 * Math.cos(Math.PI * (frames - 1 - i) / ramp);
      }
      buf[(int) (start + i)] += env * amp * Math.sin(2 * Math.PI * freq * i / rate);
    }
  }

  /** Adds a DTMF key: low tone at {@code dbm0}, high tone at {@code dbm0 + twistDb}. */
  public static void addKey(double[] buf, int rate, long start, long frames, char key, double dbm0, double twistDb, double freqError) {
    int idx = KEYS.indexOf(key);
    addTone(buf, rate, start, frames, ROWS[idx / 4] * (1 + freqError), amplitude(dbm0));
    addTone(buf, rate, start, frames, COLS[idx % 4] * (1 - freqError), amplitude(dbm0 + twistDb));
  }

  /** Adds white Gaussian noise at an RMS level in dBm0. */
  public static void addNoise(double[] buf, double dbm0, long seed) {
    Random r = new Random(seed);
    double rms = amplitude(dbm0) / Math.sqrt(2);
    for (int i = 0; i < buf.length; i++) {
      buf[i] += rms * r.nextGaussian();
    }
  }

  /**
   * Adds speech-like sound in [start, start + frames): syllables of 120-300 ms separated by short
   * gaps, each either voiced (a glottal pulse train with gliding, jittered pitch and spectral
   * tilt through three formant resonators) or unvoiced (noise through resonators), at about
   * {@code dbm0} RMS.
   */
  public static void addSpeechLike(double[] buf, int rate, long start, long frames, double dbm0, long seed) {
    Random r = new Random(seed);
    double target = amplitude(dbm0) / Math.sqrt(2);
    long t = start;
    long end = Math.min(buf.length, start + frames);
    while (t < end) {
      int syllable = rate * (120 + r.nextInt(180)) / 1000;
      int gap = rate * (30 + r.nextInt(150)) / 1000;
      boolean voiced = r.nextDouble() < 0.7;
      double f0 = 90 + r.nextDouble() * 140;
      double glide = (r.nextDouble() - 0.5) * 0.4 * f0;
      Resonator r1 = new Resonator(300 + r.nextDouble() * 600, 60 + r.nextDouble() * 90, rate);
      Resonator r2 = new Resonator(900 + r.nextDouble() * 1400, 80 + r.nextDouble() * 120, rate);
      Resonator r3 = new Resonator(2300 + r.nextDouble() * 900, 150 + r.nextDouble() * 150, rate);
      double[] syl = new double[syllable];
      double phase = 0;
      double period = 1;
      double tilt = 0;
      for (int i = 0; i < syllable; i++) {
        double excitation;
        if (voiced) {
          double pitch = (f0 + glide * i / syllable) * period;
          phase += pitch / rate;
          excitation = 0;
          if (phase >= 1) {
            phase -= 1;
            excitation = 1 + 0.1 * r.nextGaussian();
            period = 1 + 0.01 * r.nextGaussian();
          }
          excitation += 0.02 * r.nextGaussian();
          tilt = 0.9 * tilt + excitation;
          excitation = tilt;
        } else {
          excitation = r.nextGaussian();
        }
        syl[i] = r1.next(excitation) + 0.5 * r2.next(excitation) + 0.25 * r3.next(excitation);
      }
      double sq = 0;
      for (double v : syl) {
        sq += v * v;
      }
      double gain = sq == 0 ? 0 : target * (0.5 + r.nextDouble()) / Math.sqrt(sq / syllable);
      for (int i = 0; i < syllable && t + i < end; i++) {
        double env = Math.sin(Math.PI * i / syllable);
        buf[(int) (t + i)] += gain * env * syl[i];
      }
      t += syllable + gap;
    }
  }

  /** Adds a note of {@code harmonics} harmonics with decaying amplitude and a slow decay envelope. */
  public static void addNote(double[] buf, int rate, long start, long frames, double freq, double dbm0, int harmonics) {
    double amp = amplitude(dbm0);
    for (long i = 0; i < frames && start + i < buf.length; i++) {
      double env = Math.exp(-1.5 * i / (double) rate) * Math.min(1, i / (rate * 0.01));
      double v = 0;
      for (int h = 1; h <= harmonics; h++) {
        v += Math.sin(2 * Math.PI * freq * h * i / rate) / h;
      }
      buf[(int) (start + i)] += env * amp * v;
    }
  }

  public static short[] toShorts(double[] buf) {
    short[] s = new short[buf.length];
    for (int i = 0; i < buf.length; i++) {
      s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(buf[i])));
    }
    return s;
  }

  /** A card number keyed as DTMF between speech, and where each key sits (frames). */
  public record KeyedCard(int rate, double[] audio, String digits, List<long[]> tones) {
    /** The keyed stretch alone (between the speech before and after), for the test decoder. */
    public short[] keyedPart(short[] samples) {
      int from = (int) tones.get(0)[0] - rate * 3 / 10;
      int to = (int) tones.get(tones.size() - 1)[1] + rate / 10;
      return java.util.Arrays.copyOfRange(samples, Math.max(0, from), Math.min(samples.length, to));
    }
  }

  /**
   * Speech, then the 16 digits at levels from -5 to -25 dBm0, 50-120 ms tones, 50-100 ms pauses,
   * twist within -3..+2 dB and frequency errors within ±1 %, then speech again; noise at -50 dBm0.
   */
  public static KeyedCard keyedCard(int rate, String digits, long seed) {
    Random r = new Random(seed);
    int lead = rate * 3 / 2;
    long total = lead * 2L + digits.length() * (long) (rate * 230 / 1000);
    double[] buf = new double[(int) total];
    addSpeechLike(buf, rate, 0, rate, -20, seed + 1);
    long t = lead;
    List<long[]> tones = new ArrayList<>();
    for (int i = 0; i < digits.length(); i++) {
      int len = rate * (50 + r.nextInt(71)) / 1000;
      int pause = rate * (50 + r.nextInt(51)) / 1000;
      double level = -5 - 20.0 * i / (digits.length() - 1);
      double twist = -3 + r.nextDouble() * 5;
      double err = (r.nextDouble() - 0.5) * 0.02;
      addKey(buf, rate, t, len, digits.charAt(i), level, twist, err);
      tones.add(new long[] {t, t + len});
      t += len + pause;
    }
    addSpeechLike(buf, rate, t + rate / 5, total - t - rate / 5, -20, seed + 2);
    addNoise(buf, -50, seed + 3);
    return new KeyedCard(rate, buf, digits, tones);
  }

  /** A two-pole resonator (band-pass) at {@code freq} with bandwidth {@code bw}. */
  private static final class Resonator {
    private final double a1;
    private final double a2;
    private final double g;
    private double y1;
    private double y2;

    Resonator(double freq, double bw, int rate) {
      double rr = Math.exp(-Math.PI * bw / rate);
      a1 = 2 * rr * Math.cos(2 * Math.PI * freq / rate);
      a2 = -rr * rr;
      g = 1 - rr;
    }

    double next(double x) {
      double y = g * x + a1 * y1 + a2 * y2;
      y2 = y1;
      y1 = y;
      return y;
    }
  }
}
