package io.callvault.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * G.726 16 kbit/s ADPCM inside WAV (format tag 0x0064, or 0x0045; 2 bits per sample, 8 kHz, mono), as Avaya IP
 * Office ContactStore and Media Manager store recordings, decoded to 16-bit linear PCM WAV so that the masker
 * can find and silence DTMF tones in it. The copy callvault stores is then that PCM: 8 times the size of the
 * G.726 file (128 kbit/s instead of 16), the price of masking it without a second lossy coding.
 *
 * <p>Code words are packed most significant bits first (the first sample in bits 7-6 of the first byte), as
 * WAV files with these tags carry them (FFmpeg reads both tags so). Everything from the first byte of the
 * {@code data} chunk to the end of the file is decoded as audio, whatever the header declares, so no byte
 * reaches a copy without passing through the masker; the chunks before the audio ({@code LIST}, {@code fact})
 * are not copied. Any other audio passes through untouched.
 */
public final class G726Wav {
  static final int TAG_G726 = 0x0064;
  static final int TAG_G726_ITU = 0x0045;
  private static final int MAX_HEADER = WavHeaderReader.DEFAULT_MAX_HEADER_BYTES;

  private G726Wav() {}

  /** What {@link #pcmView} found: the stream to read, and whether it decoded G.726. */
  public record View(InputStream audio, boolean decoded) {}

  /**
   * The audio of {@code in} as the masker should see it: decoded PCM for 16 kbit/s G.726 WAV, else {@code in}
   * itself (buffered), unread.
   */
  public static View pcmView(InputStream in) throws IOException {
    BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 64 * 1024);
    buffered.mark(MAX_HEADER + 1);
    byte[] head = new byte[0];
    int dataStart = NEED_MORE;
    while (dataStart == NEED_MORE) {
      byte[] more = buffered.readNBytes(Math.max(4096, head.length));
      head = concat(head, more);
      dataStart = g726DataStart(head);
      if (dataStart == NEED_MORE && (more.length == 0 || head.length >= MAX_HEADER)) {
        dataStart = -1;
      }
    }
    buffered.reset();
    if (dataStart < 0) {
      return new View(buffered, false);
    }
    buffered.skipNBytes(dataStart);
    long declared = u32(head, dataStart - 4);
    return new View(new Decoding(buffered, declared), true);
  }

  private static final int NEED_MORE = -2;

  /**
   * The offset of the audio when {@code head} starts a mono 8 kHz 2-bit G.726 WAV, -1 when it does not, -2 when
   * the bytes end before the {@code data} chunk.
   */
  static int g726DataStart(byte[] head) {
    if (head.length < 12) {
      return NEED_MORE;
    }
    if (!tag(head, 0, "RIFF") || !tag(head, 8, "WAVE")) {
      return -1;
    }
    boolean g726 = false;
    int pos = 12;
    while (pos + 8 <= head.length) {
      long size = u32(head, pos + 4);
      if (tag(head, pos, "data")) {
        return g726 ? pos + 8 : -1;
      }
      if (tag(head, pos, "fmt ")) {
        if (pos + 8 + 16 > head.length) {
          return NEED_MORE;
        }
        int fmt = pos + 8;
        int formatTag = u16(head, fmt);
        g726 = (formatTag == TAG_G726 || formatTag == TAG_G726_ITU) && u16(head, fmt + 2) == 1
            && u32(head, fmt + 4) == 8000 && u16(head, fmt + 14) == 2;
      }
      pos += 8 + (int) Math.min(size + (size & 1), MAX_HEADER);
    }
    return NEED_MORE;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** A 44-byte PCM WAV header for the decoded audio; its sizes follow the G.726 data size when it declared one. */
  static byte[] pcmHeader(long declaredG726Bytes) {
    long pcmBytes = declaredG726Bytes == 0 || declaredG726Bytes == 0xFFFFFFFFL ? 0xFFFFFFFFL
        : Math.min(declaredG726Bytes * 8, 0xFFFFFFFFL - 36);
    ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt((int) (pcmBytes == 0xFFFFFFFFL ? pcmBytes : pcmBytes + 36)).put(ascii("WAVE"));
    b.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
        .putShort((short) 2).putShort((short) 16);
    b.put(ascii("data")).putInt((int) pcmBytes);
    return b.array();
  }

  /** Reads the PCM header, then 8 bytes of PCM (four samples) per G.726 byte. */
  private static final class Decoding extends InputStream {
    private final InputStream codes;
    private final G726 decoder = new G726();
    private final byte[] in = new byte[8192];
    private byte[] out;
    private int outPos;
    private int outLen;
    private boolean eof;

    Decoding(InputStream codes, long declared) {
      this.codes = codes;
      this.out = Arrays.copyOf(pcmHeader(declared), in.length * 8);
      this.outLen = 44;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (outPos == outLen) {
        if (eof || !refill()) {
          return -1;
        }
      }
      int n = Math.min(len, outLen - outPos);
      System.arraycopy(out, outPos, b, off, n);
      outPos += n;
      return n;
    }

    private boolean refill() throws IOException {
      int n = codes.read(in);
      if (n < 0) {
        eof = true;
        return false;
      }
      int o = 0;
      for (int i = 0; i < n; i++) {
        for (int shift = 6; shift >= 0; shift -= 2) {
          short s = decoder.decode(in[i] >> shift);
          out[o++] = (byte) s;
          out[o++] = (byte) (s >> 8);
        }
      }
      outPos = 0;
      outLen = o;
      return true;
    }

    @Override
    public void close() throws IOException {
      codes.close();
    }
  }

  private static boolean tag(byte[] b, int at, String s) {
    for (int i = 0; i < 4; i++) {
      if (at + i >= b.length || b[at + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static long u32(byte[] b, int at) {
    return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xFFFFFFFFL;
  }
}
