package io.callvault.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** G.726 16 kbit/s WAV files for tests, coded with callvault's own encoder (checked against spandsp). */
public final class G726Files {
  /** RIFF, fmt (20 bytes: G.726 carries a 2-byte extension) and data chunk headers. */
  public static final int HEADER = 48;

  private G726Files() {}

  /** A mono 8 kHz G.726 16 kbit/s WAV (format tag 0x0064, code words most significant bits first). */
  public static byte[] wav(short[] samples) {
    byte[] codes = codes(samples);
    ByteBuffer b = ByteBuffer.allocate(HEADER + codes.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(HEADER - 8 + codes.length).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(20).putShort((short) G726Wav.TAG_G726).putShort((short) 1).putInt(8000)
        .putInt(2000).putShort((short) 1).putShort((short) 2).putShort((short) 2).putShort((short) 0);
    b.put("data".getBytes()).putInt(codes.length).put(codes);
    return b.array();
  }

  /** Four samples per byte, the first in bits 7-6. */
  static byte[] codes(short[] samples) {
    G726 encoder = new G726();
    ByteArrayOutputStream out = new ByteArrayOutputStream(samples.length / 4 + 1);
    for (int i = 0; i < samples.length; i += 4) {
      int v = 0;
      for (int k = 0; k < 4; k++) {
        v = v << 2 | (i + k < samples.length ? encoder.encode(samples[i + k]) : 0);
      }
      out.write(v);
    }
    return out.toByteArray();
  }

  /** The samples a decoder gives for a G.726 WAV made by {@link #wav}. */
  public static short[] decode(byte[] wav) {
    G726 decoder = new G726();
    int codes = wav.length - HEADER;
    short[] out = new short[codes * 4];
    for (int i = 0; i < codes; i++) {
      for (int k = 0; k < 4; k++) {
        out[i * 4 + k] = decoder.decode(wav[HEADER + i] >> (6 - 2 * k));
      }
    }
    return out;
  }

  /** A call keyed with the test card number ({@link CardCall#CARD}), as IP Office stores it: G.726 16 kbit/s WAV. */
  public static byte[] cardCall(long seed) {
    return wav(TestAudio.toShorts(TestAudio.keyedCard(8000, CardCall.CARD, seed).audio()));
  }

  /**
   * The digits the test's own FFT decoder hears in the keyed stretch of the {@link #cardCall} of {@code seed}
   * (as {@link CardCall#digitsIn} does: the synthetic speech around it may sound like a key to a decoder this lax).
   */
  public static String digitsInG726(byte[] g726Wav, long seed) {
    return FftDtmfDecoder.decode(keyed(seed).keyedPart(decode(g726Wav)), 8000);
  }

  /** The same for a mono 16-bit PCM WAV (a stored copy of that call). */
  public static String digitsInPcm(byte[] pcmWav, long seed) {
    return FftDtmfDecoder.decode(keyed(seed).keyedPart(TestWav.read(pcmWav)[0]), 8000);
  }

  private static TestAudio.KeyedCard keyed(long seed) {
    return TestAudio.keyedCard(8000, CardCall.CARD, seed);
  }
}
