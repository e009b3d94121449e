package io.callvault.audio;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads RIFF/WAVE headers: finds the {@code fmt } chunk, skips any other chunk (LIST, fact, bext…)
 * and stops at the {@code data} chunk. Tells whether the audio is one callvault can mask (linear
 * PCM 8/16-bit, G.711 µ-law or A-law, mono or stereo, 8 to 48 kHz) and, if not, why.
 */
public final class WavHeaderReader {
  /** Default bound on the bytes before the audio (header plus skipped chunks). */
  public static final int DEFAULT_MAX_HEADER_BYTES = 1 << 20;

  private static final int TAG_PCM = 0x0001;
  private static final int TAG_FLOAT = 0x0003;
  private static final int TAG_ALAW = 0x0006;
  private static final int TAG_MULAW = 0x0007;
  private static final int TAG_GSM610 = 0x0031;
  private static final int TAG_MPEG = 0x0050;
  private static final int TAG_MP3 = 0x0055;
  private static final int TAG_EXTENSIBLE = 0xFFFE;
  /** Bytes 2..15 of the KSDATAFORMAT_SUBTYPE_xxx GUIDs {0000xxxx-0000-0010-8000-00AA00389B71}. */
  private static final byte[] SUBTYPE_TAIL = {
    0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
  };

  private WavHeaderReader() {}

  /**
   * Outcome of looking at the first bytes: a header, a reason the audio cannot be masked, or
   * (only from {@link #probe}) the need for more bytes.
   */
  public record Probe(WavHeader header, String notMaskableReason) {
    static final Probe NEED_MORE = new Probe(null, null);

    static Probe notMaskable(String reason) {
      return new Probe(null, reason);
    }

    public boolean maskable() {
      return header != null;
    }

    public boolean needsMore() {
      return header == null && notMaskableReason == null;
    }
  }

  /**
   * Looks at the stream's header and resets the stream to where it was: nothing is consumed.
   *
   * @param in a stream that supports {@link InputStream#mark}
   */
  public static Probe peek(InputStream in, int maxHeaderBytes) throws IOException {
    if (!in.markSupported()) {
      throw new IllegalArgumentException("peek needs a stream that supports mark/reset");
    }
    in.mark(maxHeaderBytes + 1);
    try {
      byte[] buf = new byte[Math.min(maxHeaderBytes, 4096)];
      int len = 0;
      while (true) {
        if (len == buf.length) {
          buf = Arrays.copyOf(buf, Math.min(maxHeaderBytes, buf.length * 2));
        }
        int n = in.read(buf, len, buf.length - len);
        boolean eof = n < 0;
        if (!eof) {
          len += n;
        }
        Probe p = probe(buf, len, eof, maxHeaderBytes);
        if (!p.needsMore()) {
          return p;
        }
      }
    } finally {
      in.reset();
    }
  }

  /**
   * Parses the header held in {@code b[0..len)}.
   *
   * @param eof true when no byte follows {@code len}: a header still incomplete is then truncated
   * @return {@link Probe#needsMore()} when the bytes end before the data chunk and {@code eof} is false
   */
  public static Probe probe(byte[] b, int len, boolean eof, int maxHeaderBytes) {
    int magic = Math.min(len, 4);
    if (!prefixMatches(b, 0, "RIFF", magic)) {
      if (prefixMatches(b, 0, "RF64", magic) && magic == 4) {
        return Probe.notMaskable("RF64 (64-bit RIFF) WAV files are not supported for masking");
      }
      return Probe.notMaskable("not a RIFF/WAVE file");
    }
    if (len >= 8 && !prefixMatches(b, 8, "WAVE", Math.min(len - 8, 4))) {
      return Probe.notMaskable("RIFF file is not of type WAVE");
    }
    WavFormat format = null;
    List<WavHeader.Body> others = new ArrayList<>();
    long pos = 12;
    while (true) {
      if (pos + 8 > len) {
        return incomplete(eof, pos + 8, maxHeaderBytes);
      }
      int p = (int) pos;
      long size = u32(b, p + 4);
      int body = p + 8;
      if (prefixMatches(b, p, "data", 4)) {
        if (format == null) {
          return Probe.notMaskable("WAV data chunk comes before the fmt chunk");
        }
        long dataLength = size == 0 || size == 0xFFFFFFFFL ? -1 : size;
        return new Probe(new WavHeader(format, body, dataLength, others), null);
      }
      if (prefixMatches(b, p, "fmt ", 4)) {
        if (size < 16) {
          return Probe.notMaskable("WAV fmt chunk is too short");
        }
        if (body + size > len) {
          return incomplete(eof, body + size, maxHeaderBytes);
        }
        Object parsed = parseFmt(b, body, (int) size);
        if (parsed instanceof String reason) {
          return Probe.notMaskable(reason);
        }
        format = (WavFormat) parsed;
      } else if (body + size <= len) {
        others.add(new WavHeader.Body(body, (int) (body + size)));
      }
      pos = body + size + (size & 1);
      if (pos > maxHeaderBytes) {
        return Probe.notMaskable("no WAV data chunk within the first " + maxHeaderBytes + " bytes");
      }
    }
  }

  private static Probe incomplete(boolean eof, long needed, int maxHeaderBytes) {
    if (needed > maxHeaderBytes) {
      return Probe.notMaskable("no WAV data chunk within the first " + maxHeaderBytes + " bytes");
    }
    return eof ? Probe.notMaskable("truncated WAV header (no data chunk)") : Probe.NEED_MORE;
  }

  /** Returns a WavFormat or a String reason. */
  private static Object parseFmt(byte[] b, int at, int size) {
    int tag = u16(b, at);
    int channels = u16(b, at + 2);
    long rate = u32(b, at + 4);
    int blockAlign = u16(b, at + 12);
    int bits = u16(b, at + 14);
    if (tag == TAG_EXTENSIBLE) {
      if (size < 40) {
        return "WAVE_FORMAT_EXTENSIBLE fmt chunk is too short";
      }
      int guid = at + 24;
      if (!Arrays.equals(b, guid + 2, guid + 16, SUBTYPE_TAIL, 0, SUBTYPE_TAIL.length)) {
        return "WAVE_FORMAT_EXTENSIBLE with an unknown sub-format cannot be decoded for masking";
      }
      tag = u16(b, guid);
    }
    WavFormat.Encoding encoding;
    switch (tag) {
      case TAG_PCM -> {
        if (bits == 16) {
          encoding = WavFormat.Encoding.PCM_16;
        } else if (bits == 8) {
          encoding = WavFormat.Encoding.PCM_U8;
        } else {
          return "linear PCM with " + bits + " bits per sample is not supported for masking";
        }
      }
      case TAG_MULAW -> encoding = WavFormat.Encoding.MULAW;
      case TAG_ALAW -> encoding = WavFormat.Encoding.ALAW;
      case TAG_GSM610 -> {
        return "GSM 6.10 audio (WAV format 0x0031) cannot be decoded for masking";
      }
      case TAG_MPEG, TAG_MP3 -> {
        return "MPEG audio inside WAV cannot be decoded for masking";
      }
      case TAG_FLOAT -> {
        return "floating-point WAV audio is not supported for masking";
      }
      default -> {
        return String.format("WAV format tag 0x%04X cannot be decoded for masking", tag);
      }
    }
    if ((encoding == WavFormat.Encoding.MULAW || encoding == WavFormat.Encoding.ALAW) && bits != 8) {
      return "G.711 WAV with " + bits + " bits per sample is invalid";
    }
    if (channels < 1 || channels > 2) {
      return "WAV with " + channels + " channels is not supported for masking (mono or stereo only)";
    }
    if (rate < 8000 || rate > 48000) {
      return "WAV sample rate " + rate + " Hz is outside 8000..48000 Hz";
    }
    if (blockAlign != channels * encoding.bytesPerSample()) {
      return "WAV block alignment " + blockAlign + " does not match " + channels + " channel(s) of " + bits + " bits";
    }
    return new WavFormat(encoding, (int) rate, channels, blockAlign);
  }

  private static boolean prefixMatches(byte[] b, int at, String s, int n) {
    for (int i = 0; i < n; i++) {
      if (b[at + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
  }

  private static long u32(byte[] b, int at) {
    return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xFFFFFFFFL;
  }
}
