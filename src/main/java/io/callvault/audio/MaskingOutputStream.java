package io.callvault.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A filter that masks a WAV file written through it: DTMF tones (with guards) and marked
 * intervals reach {@code downstream} as silence or comfort noise; every other byte passes
 * unchanged, and the copy is exactly as long as the file. Memory is bounded (see {@link AudioMasker}).
 *
 * <p><b>The rule: every byte that reaches the copy has been scanned.</b> A WAV header can lie: the
 * {@code data} chunk may declare fewer bytes than follow it (the masker used to stop there and pass
 * the rest on unscanned), more than the file holds (truncated by a crash), or nothing at all (0 or
 * 0xFFFFFFFF, as recorders write before hang-up); other chunks, even a second {@code data} chunk,
 * may follow it. So the declared size is not trusted:
 * <ul>
 *   <li>everything from the first byte of the {@code data} chunk to the end of the file is masked as
 *       one stream of audio on the data chunk's frame grid, whatever the header says: chunks after the
 *       data (LIST, fact, a second {@code data}...) and bytes beyond a size that lied included;
 *   <li>16-bit audio beyond the declared end is scanned a second time, one byte off that grid, so that
 *       samples placed at an odd offset (a chunk after a missing pad byte) are not missed;
 *   <li>the bodies of the chunks before the {@code data} chunk (except {@code fmt }) are scanned the
 *       same way, each from its own first byte;
 *   <li>tones found anywhere count in {@link MaskResult#tonesMasked()} and
 *       {@link MaskResult#maskedMillis()}, and {@link MaskResult#note()} says when the declared size
 *       was wrong.
 * </ul>
 * Only the RIFF/fmt/chunk headers themselves (a few bytes each, too short to hold a tone) are not
 * decoded as audio. Audio callvault cannot decode (GSM, MP3, a header it cannot parse) passes
 * through unchanged and {@link #result()} says why it was not masked, so the caller can apply its
 * rule for unmasked audio. {@link #flush()} flushes downstream but cannot release the delay line;
 * {@link #finish()} or {@link #close()} does, after which {@link #result()} is known.
 */
public final class MaskingOutputStream extends OutputStream {
  private enum State { HEADER, AUDIO, PASSTHROUGH, DONE }

  private final OutputStream out;
  private final MaskSettings settings;
  private final byte[] one = new byte[1];
  private State state = State.HEADER;
  private byte[] header = new byte[512];
  private int headerLen;
  private String notMaskedReason;
  private MaskResult result;

  private WavFormat format;
  private long declaredData;
  private long audioBytes;
  private AudioMasker audio;
  private AudioMasker offGrid;
  private int headerTones;
  private long headerMaskedFrames;

  MaskingOutputStream(OutputStream downstream, MaskSettings settings) {
    this.out = Objects.requireNonNull(downstream, "downstream");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The outcome; known once {@link #finish()} or {@link #close()} has run. */
  public MaskResult result() {
    if (result == null) {
      throw new IllegalStateException("the masking result is known after finish() or close()");
    }
    return result;
  }

  @Override
  public void write(int b) throws IOException {
    one[0] = (byte) b;
    write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (state == State.DONE) {
      throw new IOException("masking stream already finished");
    }
    while (len > 0) {
      int n = switch (state) {
        case HEADER -> acceptHeader(b, off, len);
        case AUDIO -> acceptAudio(b, off, len);
        default -> passOn(b, off, len);
      };
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Writes out everything held back and completes the result; does not close downstream. */
  public void finish() throws IOException {
    if (state == State.DONE) {
      return;
    }
    if (state == State.HEADER) {
      WavHeaderReader.Probe probe = WavHeaderReader.probe(header, headerLen, true, settings.maxHeaderBytes());
      if (probe.maskable()) {
        begin(probe.header());
      } else {
        passThrough(probe.notMaskableReason());
      }
    }
    if (state == State.AUDIO) {
      audio.finish();
      if (offGrid != null) {
        offGrid.finish();
      }
    }
    out.flush();
    state = State.DONE;
    result = format == null ? MaskResult.notMasked(notMaskedReason) : maskedResult();
  }

  @Override
  public void close() throws IOException {
    try {
      finish();
    } finally {
      out.close();
    }
  }

  private MaskResult maskedResult() {
    int tones = headerTones + audio.tonesDetected() + (offGrid == null ? 0 : offGrid.tonesDetected());
    long frames = headerMaskedFrames + audio.maskedFrames() + (offGrid == null ? 0 : offGrid.maskedFrames());
    long rate = format.sampleRate();
    return new MaskResult(tones, (frames * 1000 + rate / 2) / rate, true, null, sizeNote());
  }

  /** What the copy's catalog entry should know about a data size that was wrong, or null. */
  private String sizeNote() {
    if (declaredData < 0) {
      return null;
    }
    long beyond = audioBytes - declaredData - (declaredData & 1);
    if (beyond > 0) {
      return "the WAV data chunk declares " + declaredData + " bytes but " + beyond
          + " more follow it (other chunks or audio); all of them were masked as audio";
    }
    if (audioBytes < declaredData) {
      return "the WAV data chunk declares " + declaredData + " bytes but the file ends after " + audioBytes
          + " (truncated); the audio present was masked";
    }
    return null;
  }

  private int acceptHeader(byte[] b, int off, int len) throws IOException {
    int max = settings.maxHeaderBytes();
    int n = Math.min(len, max - headerLen);
    if (headerLen + n > header.length) {
      header = Arrays.copyOf(header, Math.min(max, Math.max(headerLen + n, header.length * 2)));
    }
    System.arraycopy(b, off, header, headerLen, n);
    headerLen += n;
    WavHeaderReader.Probe probe = WavHeaderReader.probe(header, headerLen, false, max);
    if (probe.maskable()) {
      begin(probe.header());
    } else if (!probe.needsMore()) {
      passThrough(probe.notMaskableReason());
    }
    return n;
  }

  /** Scans the header's other chunks, writes the header, then feeds the bytes that came with it as audio. */
  private void begin(WavHeader wav) throws IOException {
    format = wav.format();
    declaredData = wav.dataLength();
    maskOtherChunks(wav.otherChunks());
    out.write(header, 0, wav.headerLength());
    byte[] rest = Arrays.copyOfRange(header, wav.headerLength(), headerLen);
    header = null;
    OutputStream sink = out;
    if (scansOffGrid() && declaredData >= 0) {
      // the first off-grid byte at or after the declared end: an odd offset from the data start
      offGrid = new AudioMasker(out, format, unmarked(), declaredData + 1 - (declaredData & 1));
      sink = offGrid;
    }
    audio = new AudioMasker(sink, format, settings, 0);
    state = State.AUDIO;
    acceptAudio(rest, 0, rest.length);
  }

  private int acceptAudio(byte[] b, int off, int len) throws IOException {
    audio.write(b, off, len);
    audioBytes += len;
    return len;
  }

  /** Masks, in the header buffer, the body of every chunk before the data chunk but fmt. */
  private void maskOtherChunks(List<WavHeader.Body> bodies) throws IOException {
    if (!settings.detectTones()) {
      return;
    }
    for (WavHeader.Body body : bodies) {
      int length = body.to() - body.from();
      ByteArrayOutputStream masked = new ByteArrayOutputStream(length);
      AudioMasker second = scansOffGrid() ? new AudioMasker(masked, format, unmarked(), 1) : null;
      AudioMasker first = new AudioMasker(second == null ? masked : second, format, unmarked(), 0);
      first.write(header, body.from(), length);
      first.finish();
      headerTones += first.tonesDetected();
      headerMaskedFrames += first.maskedFrames();
      if (second != null) {
        second.finish();
        headerTones += second.tonesDetected();
        headerMaskedFrames += second.maskedFrames();
      }
      System.arraycopy(masked.toByteArray(), 0, header, body.from(), length);
    }
  }

  /** Whether samples span several bytes, so that a byte offset can put them off the frame grid. */
  private boolean scansOffGrid() {
    return settings.detectTones() && format.encoding().bytesPerSample() > 1;
  }

  /** Marked intervals are times in the recording: they apply on the data chunk's grid only. */
  private MaskSettings unmarked() {
    return settings.withMarkedIntervals(List.of());
  }

  private int passOn(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    return len;
  }

  private void passThrough(String reason) throws IOException {
    notMaskedReason = reason;
    out.write(header, 0, headerLen);
    header = null;
    state = State.PASSTHROUGH;
  }
}
