package io.callvault.audio;

/** G.711 µ-law and A-law companding, 16-bit linear side. */
final class G711 {
  /** µ-law code for zero (the masker's µ-law silence). */
  static final byte MULAW_SILENCE = (byte) 0xFF;
  /** A-law code for the smallest positive value (the masker's A-law silence). */
  static final byte ALAW_SILENCE = (byte) 0xD5;

  private static final short[] MULAW_DECODE = new short[256];
  private static final short[] ALAW_DECODE = new short[256];

  static {
    for (int i = 0; i < 256; i++) {
      MULAW_DECODE[i] = (short) mulawDecode(i);
      ALAW_DECODE[i] = (short) alawDecode(i);
    }
  }

  private G711() {}

  static short mulawToLinear(byte code) {
    return MULAW_DECODE[code & 0xFF];
  }

  static short alawToLinear(byte code) {
    return ALAW_DECODE[code & 0xFF];
  }

  private static int mulawDecode(int code) {
    int u = ~code & 0xFF;
    int exponent = (u >> 4) & 0x07;
    int magnitude = ((((u & 0x0F) << 3) + 0x84) << exponent) - 0x84;
    return (u & 0x80) != 0 ? -magnitude : magnitude;
  }

  private static int alawDecode(int code) {
    int a = code ^ 0x55;
    int exponent = (a >> 4) & 0x07;
    int mantissa = a & 0x0F;
    int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
    return (a & 0x80) != 0 ? magnitude : -magnitude;
  }

  static byte linearToMulaw(int sample) {
    int sign = 0;
    int pcm = sample;
    if (pcm < 0) {
      sign = 0x80;
      pcm = -pcm;
    }
    pcm = Math.min(pcm, 32635) + 0x84;
    int exponent = 7;
    for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
      exponent--;
    }
    int mantissa = (pcm >> (exponent + 3)) & 0x0F;
    return (byte) ~(sign | exponent << 4 | mantissa);
  }

  static byte linearToAlaw(int sample) {
    int sign = 0x80;
    int pcm = sample;
    if (pcm < 0) {
      sign = 0;
      pcm = -pcm - 1;
    }
    pcm = Math.min(pcm, 32767);
    int code;
    if (pcm < 256) {
      code = pcm >> 4;
    } else {
      int exponent = 7;
      for (int mask = 0x4000; (pcm & mask) == 0; mask >>= 1) {
        exponent--;
      }
      code = exponent << 4 | ((pcm >> (exponent + 3)) & 0x0F);
    }
    return (byte) ((sign | code) ^ 0x55);
  }
}
