package io.callvault.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Masks a run of raw interleaved samples of one {@link WavFormat}: DTMF tones (with guards) and
 * marked intervals reach {@code downstream} as silence or comfort noise, every other byte passes
 * unchanged, and exactly as many bytes come out as went in. Memory is bounded: audio waits in a
 * delay line of about guard + 65 ms, long enough to know whether a tone starts there.
 *
 * <p>The first {@code skipBytes} bytes pass through unmasked: they put the frame grid at another
 * byte alignment (see {@link MaskingOutputStream} for why). A trailing partial frame (fewer bytes
 * than one frame) is written as it came; it cannot hold a tone.
 */
final class AudioMasker extends OutputStream {
  private static final int CHUNK_FRAMES = 4096;

  private final OutputStream out;
  private final MaskSettings settings;
  private final WavFormat format;
  private final int blockAlign;
  private final byte[] one = new byte[1];
  private long skip;
  private byte[] ring;
  private long ringIn;
  private long decodedFrames;
  private long emittedFrames;
  private final short[] pcm;
  private final DtmfDetector detector;
  private final long guardFrames;
  private final List<long[]> detected = new ArrayList<>();
  private final long[][] openTones;
  private final long[][] marked;
  private int markedIndex;
  private long maskedFrames;
  private final byte[] fillBuf;
  private long noiseState = 0x9E3779B97F4A7C15L;
  private final double noiseAmplitude;
  private boolean finished;

  AudioMasker(OutputStream downstream, WavFormat format, MaskSettings settings, long skipBytes) {
    this.out = Objects.requireNonNull(downstream, "downstream");
    this.format = Objects.requireNonNull(format, "format");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.skip = skipBytes;
    this.blockAlign = format.blockAlign();
    int rate = format.sampleRate();
    this.guardFrames = (long) settings.guardMillis() * rate / 1000;
    int delayFrames = 0;
    if (settings.detectTones()) {
      detector = new DtmfDetector(rate, format.channels(), settings.detector(), new Listener());
      openTones = new long[format.channels()][];
      delayFrames = detector.maxLatencyFrames() + detector.windowFrames();
    } else {
      detector = null;
      openTones = null;
    }
    ring = new byte[(int) (guardFrames + delayFrames + CHUNK_FRAMES) * blockAlign];
    pcm = new short[CHUNK_FRAMES * format.channels()];
    fillBuf = new byte[CHUNK_FRAMES * blockAlign];
    noiseAmplitude = DtmfDetector.DBM0_PEAK / Math.sqrt(2) * Math.pow(10, settings.comfortNoiseDbm0() / 20) * Math.sqrt(3);
    marked = merged(settings.markedIntervals(), rate);
  }

  /** Tones found so far (overlapping tones on several channels count once). */
  int tonesDetected() {
    return detector == null ? 0 : detector.tonesDetected();
  }

  /** Frames replaced so far. */
  long maskedFrames() {
    return maskedFrames;
  }

  @Override
  public void write(int b) throws IOException {
    one[0] = (byte) b;
    write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (finished) {
      throw new IOException("audio masker already finished");
    }
    if (skip > 0 && len > 0) {
      int n = (int) Math.min(skip, len);
      out.write(b, off, n);
      skip -= n;
      off += n;
      len -= n;
    }
    while (len > 0) {
      int free = ring.length - (int) (ringIn - emittedFrames * blockAlign);
      int n = Math.min(len, free);
      if (n <= 0) {
        throw new IllegalStateException("masking delay line overflow");
      }
      int at = (int) (ringIn % ring.length);
      int first = Math.min(n, ring.length - at);
      System.arraycopy(b, off, ring, at, first);
      System.arraycopy(b, off + first, ring, 0, n - first);
      ringIn += n;
      off += n;
      len -= n;
      decode();
      emit(safeLimit());
    }
  }

  /** Ends every tone still open and writes out everything held back; does not close downstream. */
  void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    if (detector != null) {
      detector.finish();
    }
    emit(decodedFrames);
    long partial = ringIn - decodedFrames * blockAlign;
    if (partial > 0) {
      writeRing(decodedFrames * blockAlign, (int) partial);
    }
    ring = null;
  }

  /** Marked intervals in frames, sorted and disjoint. */
  private static long[][] merged(List<MarkedInterval> intervals, int rate) {
    long[][] sorted = intervals.stream()
        .map(m -> new long[] {m.startFrame(rate), m.endFrame(rate)})
        .filter(m -> m[1] > m[0])
        .sorted(Comparator.comparingLong(m -> m[0]))
        .toArray(long[][]::new);
    List<long[]> merged = new ArrayList<>();
    for (long[] m : sorted) {
      long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && m[0] <= last[1]) {
        last[1] = Math.max(last[1], m[1]);
      } else {
        merged.add(m);
      }
    }
    return merged.toArray(long[][]::new);
  }

  private void decode() {
    long available = ringIn / blockAlign;
    int channels = format.channels();
    while (decodedFrames < available) {
      int at = (int) ((decodedFrames * blockAlign) % ring.length);
      int contiguous = (ring.length - at) / blockAlign;
      int frames = (int) Math.min(Math.min(CHUNK_FRAMES, contiguous), available - decodedFrames);
      int samples = frames * channels;
      byte[] r = ring;
      short[] p = pcm;
      switch (format.encoding()) {
        case PCM_16 -> {
          for (int s = 0; s < samples; s++, at += 2) {
            p[s] = (short) ((r[at] & 0xFF) | r[at + 1] << 8);
          }
        }
        case PCM_U8 -> {
          for (int s = 0; s < samples; s++, at++) {
            p[s] = (short) (((r[at] & 0xFF) - 128) << 8);
          }
        }
        case MULAW -> {
          for (int s = 0; s < samples; s++, at++) {
            p[s] = G711.mulawToLinear(r[at]);
          }
        }
        case ALAW -> {
          for (int s = 0; s < samples; s++, at++) {
            p[s] = G711.alawToLinear(r[at]);
          }
        }
        default -> throw new IllegalStateException();
      }
      if (detector != null) {
        detector.process(p, frames);
      }
      decodedFrames += frames;
    }
  }

  private long safeLimit() {
    return detector == null ? decodedFrames : Math.min(decodedFrames, detector.safeFrame() - guardFrames);
  }

  private void emit(long limit) throws IOException {
    while (emittedFrames < limit) {
      long f = emittedFrames;
      long runEnd = limit;
      boolean masked = false;
      while (markedIndex < marked.length && marked[markedIndex][1] <= f) {
        markedIndex++;
      }
      for (int i = markedIndex; i < marked.length && marked[i][0] <= runEnd; i++) {
        if (marked[i][0] <= f) {
          masked = true;
          runEnd = Math.min(runEnd, marked[i][1]);
        } else {
          runEnd = Math.min(runEnd, marked[i][0]);
        }
      }
      for (int i = detected.size() - 1; i >= 0; i--) {
        long[] iv = detected.get(i);
        if (iv[1] <= f) {
          detected.remove(i);
        } else if (iv[0] <= f) {
          masked = true;
          runEnd = Math.min(runEnd, iv[1]);
        } else {
          runEnd = Math.min(runEnd, iv[0]);
        }
      }
      if (masked) {
        writeFill(runEnd - f);
        maskedFrames += runEnd - f;
      } else {
        writeRing(f * blockAlign, (int) ((runEnd - f) * blockAlign));
      }
      emittedFrames = runEnd;
    }
  }

  private void writeRing(long fromByte, int length) throws IOException {
    int at = (int) (fromByte % ring.length);
    int first = Math.min(length, ring.length - at);
    out.write(ring, at, first);
    if (length > first) {
      out.write(ring, 0, length - first);
    }
  }

  private void writeFill(long frames) throws IOException {
    int channels = format.channels();
    boolean noise = settings.fill() == MaskSettings.Fill.COMFORT_NOISE;
    while (frames > 0) {
      int n = (int) Math.min(frames, CHUNK_FRAMES);
      int samples = n * channels;
      int i = 0;
      for (int s = 0; s < samples; s++) {
        int v = noise ? nextNoise() : 0;
        switch (format.encoding()) {
          case PCM_16 -> {
            fillBuf[i++] = (byte) v;
            fillBuf[i++] = (byte) (v >> 8);
          }
          case PCM_U8 -> fillBuf[i++] = (byte) ((v >> 8) + 128);
          case MULAW -> fillBuf[i++] = noise ? G711.linearToMulaw(v) : G711.MULAW_SILENCE;
          case ALAW -> fillBuf[i++] = noise ? G711.linearToAlaw(v) : G711.ALAW_SILENCE;
          default -> throw new IllegalStateException();
        }
      }
      out.write(fillBuf, 0, i);
      frames -= n;
    }
  }

  private int nextNoise() {
    noiseState ^= noiseState << 13;
    noiseState ^= noiseState >>> 7;
    noiseState ^= noiseState << 17;
    double uniform = (noiseState >>> 11) * 0x1.0p-53 * 2 - 1;
    return (int) Math.round(uniform * noiseAmplitude);
  }

  private final class Listener implements DtmfDetector.Listener {
    @Override
    public void toneStarted(int channel, long startFrame) {
      long[] interval = {Math.max(emittedFrames, startFrame - guardFrames), Long.MAX_VALUE};
      detected.add(interval);
      openTones[channel] = interval;
    }

    @Override
    public void toneEnded(int channel, long endFrame) {
      long[] interval = openTones[channel];
      if (interval != null) {
        interval[1] = endFrame + guardFrames;
        openTones[channel] = null;
      }
    }
  }
}
