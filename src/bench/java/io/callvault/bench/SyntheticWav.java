package io.callvault.bench;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A RIFF/WAVE 8 kHz mono 16-bit PCM stream of any length below 4 GiB, generated on the fly: a
 * 44-byte header, then a 1.3 s block of speech-like noise repeated. Nothing is held but the block.
 */
final class SyntheticWav extends InputStream {
  private static final int RATE = 8000;

  private final byte[] header;
  private final byte[] block;
  private final long total;
  private long pos;

  /** @param totalBytes file size including the 44-byte header; even, at most 4 GiB - 1 */
  SyntheticWav(long totalBytes, long seed) {
    if (totalBytes < 46 || totalBytes >= (1L << 32) || totalBytes % 2 != 0) {
      throw new IllegalArgumentException("size must be even, 46 bytes to 4 GiB: " + totalBytes);
    }
    total = totalBytes;
    long data = totalBytes - 44;
    ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + data))
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
        .putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2).putShort((short) 2)
        .putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) data);
    header = h.array();
    Random rnd = new Random(seed);
    int samples = RATE * 13 / 10;
    ByteBuffer b = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    double phase = 0;
    for (int i = 0; i < samples; i++) {
      double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3.1 * i / RATE);
      phase += 2 * Math.PI * (180 + 60 * Math.sin(2 * Math.PI * 0.7 * i / RATE)) / RATE;
      double v = envelope * (2500 * Math.sin(phase) + 900 * Math.sin(2.7 * phase)) + rnd.nextGaussian() * 150;
      b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(v))));
    }
    block = b.array();
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    if (pos >= total) {
      return -1;
    }
    int n = (int) Math.min(len, total - pos);
    int done = 0;
    while (done < n) {
      int chunk;
      if (pos < 44) {
        chunk = (int) Math.min(n - done, 44 - pos);
        System.arraycopy(header, (int) pos, b, off + done, chunk);
      } else {
        int at = (int) ((pos - 44) % block.length);
        chunk = Math.min(n - done, block.length - at);
        System.arraycopy(block, at, b, off + done, chunk);
      }
      done += chunk;
      pos += chunk;
    }
    return n;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, total - pos);
  }
}
