package io.callvault.audio;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Checks a WAV file's declared sizes against what was written, and repairs them on the way through.
 *
 * <p>A recorder fills in the RIFF and {@code data} sizes when it closes the file. A crash leaves them larger than
 * what was written (truncated), a recorder that streams leaves 0 or 0xFFFFFFFF (never written), and a bad writer may
 * declare less than follows. Players then stop early or fail ("Premature EOF"). The file's length is known before it
 * is read (the drop lists it), so the sizes that match what was written are known before the first byte passes:
 * RIFF = length - 8, data = length - (offset of the data chunk's body). {@link #check} reads only the header (up to
 * the {@code data} chunk's 8-byte header, at most {@code maxHeaderBytes}), and its stream hands on the same bytes
 * with those two fields rewritten when they disagree; the audio itself is streamed, never held.
 *
 * <p>A {@code data} size smaller than what follows is a mismatch only when the RIFF size disagrees with the file
 * too: with a RIFF size that matches, other chunks (LIST, a cue...) follow the audio, as the format allows.
 * Audio callvault cannot parse as RIFF/WAVE passes unchanged, without a verdict: other checks judge it.
 */
public final class WavSizes {
  private static final long UNWRITTEN = 0xFFFFFFFFL;

  private WavSizes() {}

  /**
   * The outcome of {@link #check}: the stream to read the audio from (repaired when {@code mismatch} is set) and
   * what was wrong, or null when the sizes agree with the file or could not be judged.
   *
   * @param mismatch e.g. {@code truncated: header says 96,044 bytes, data has 32,000}: byte counts are written with
   *     thousands separators, so that no count reads as a phone number where none may appear (object metadata)
   */
  public record Checked(InputStream stream, String mismatch) {}

  /**
   * Reads the header of {@code in} and returns the whole file as a stream, its sizes repaired if they disagree with
   * {@code length}. The returned stream fails with an {@link ChangedWhileReadException} if the file does not end at
   * {@code length} (it changed while it was read), since the repaired sizes would then be wrong.
   *
   * @param length the file's length as listed before reading; unknown (&lt; 0) leaves the file unjudged
   */
  public static Checked check(InputStream in, long length, int maxHeaderBytes) throws IOException {
    byte[] head = new byte[Math.min(maxHeaderBytes, 4096)];
    int len = 0;
    int dataAt = -1;
    while (length >= 0) {
      int need = nextNeed(head, len);
      if (need < 0) {
        dataAt = -need - 1;
        break;
      }
      if (need == 0 || need > maxHeaderBytes || need > length) {
        break; // not RIFF/WAVE, no data chunk within bounds, or the header is cut: not ours to judge
      }
      if (need > head.length) {
        head = Arrays.copyOf(head, Math.min(maxHeaderBytes, Math.max(need, head.length * 2)));
      }
      int n = in.readNBytes(head, len, need - len);
      len += n;
      if (len < need) {
        break; // the file ended early
      }
    }
    String mismatch = dataAt < 0 || length < 0 ? null : repair(head, dataAt, length);
    InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head, 0, len), in);
    return new Checked(length < 0 ? whole : new EndsAt(whole, length), mismatch);
  }

  /**
   * How many header bytes are needed to go on: more than {@code len}; or {@code -(dataChunkOffset + 1)} once the
   * {@code data} chunk's header is in; or 0 when this is not a RIFF/WAVE file.
   */
  private static int nextNeed(byte[] b, int len) {
    if (len < 12) {
      return 12;
    }
    if (!ascii(b, 0, "RIFF") || !ascii(b, 8, "WAVE")) {
      return 0;
    }
    long pos = 12;
    while (pos + 8 <= len) {
      int p = (int) pos;
      if (ascii(b, p, "data")) {
        return -(p + 1);
      }
      long size = u32(b, p + 4);
      pos = p + 8 + size + (size & 1);
    }
    return pos + 8 > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) (pos + 8);
  }

  /** Rewrites the RIFF and data sizes in {@code head} when they disagree with the file; returns what was wrong. */
  private static String repair(byte[] head, int dataAt, long length) {
    long declaredRiff = u32(head, 4);
    long declared = u32(head, dataAt + 4);
    long actual = length - (dataAt + 8);
    boolean riffRight = declaredRiff == length - 8;
    String mismatch;
    if (declared == 0 || declared == UNWRITTEN) {
      mismatch = actual == declared ? null : "sizes never written: header says " + n(declared) + " bytes, data has " + n(actual);
    } else if (declared > actual) {
      mismatch = "truncated: header says " + n(declared) + " bytes, data has " + n(actual);
    } else if (declared < actual && !riffRight) {
      mismatch = "header says " + n(declared) + " bytes, data has " + n(actual) + " (more than declared)";
    } else if (!riffRight) {
      mismatch = "RIFF size says " + n(declaredRiff) + " bytes, the file has " + n(length - 8) + " after it";
    } else {
      mismatch = null;
    }
    if (mismatch != null && length - 8 <= UNWRITTEN) {
      putU32(head, 4, length - 8);
      putU32(head, dataAt + 4, actual);
    }
    return mismatch;
  }

  private static String n(long bytes) {
    return String.format(Locale.ROOT, "%,d", bytes);
  }

  private static boolean ascii(byte[] b, int at, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (b[at + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static long u32(byte[] b, int at) {
    return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
  }

  private static void putU32(byte[] b, int at, long v) {
    for (int i = 0; i < 4; i++) {
      b[at + i] = (byte) (v >>> (8 * i));
    }
  }

  /** The file did not end at the length it was listed with: its repaired sizes would be wrong. */
  public static final class ChangedWhileReadException extends IOException {
    private static final long serialVersionUID = 1L;

    ChangedWhileReadException(String message) {
      super(message);
    }
  }

  /** Fails at the end of the stream if it did not end at the length the sizes were repaired for. */
  private static final class EndsAt extends FilterInputStream {
    private final long length;
    private long read;

    EndsAt(InputStream in, long length) {
      super(in);
      this.length = length;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? -1 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count(n);
      return n;
    }

    private void count(int n) throws IOException {
      if (n > 0) {
        read += n;
      }
      if (read > length || (n < 0 && read != length)) {
        throw new ChangedWhileReadException("the file changed while it was read: listed with " + length + " bytes, read "
            + (n < 0 ? "" : "more than ") + read);
      }
    }
  }
}
