package io.callvault.audio;

/**
 * The sample format of a WAV data chunk that the masker can decode.
 *
 * @param encoding how each sample is coded
 * @param sampleRate frames per second
 * @param channels 1 (mono) or 2 (stereo)
 * @param blockAlign bytes per frame (all channels)
 */
public record WavFormat(Encoding encoding, int sampleRate, int channels, int blockAlign) {

  /** Sample codings callvault decodes. */
  public enum Encoding {
    /** Signed 16-bit little-endian linear PCM. */
    PCM_16(2),
    /** Unsigned 8-bit linear PCM. */
    PCM_U8(1),
    /** G.711 µ-law (WAV format tag 7). */
    MULAW(1),
    /** G.711 A-law (WAV format tag 6). */
    ALAW(1);

    private final int bytesPerSample;

    Encoding(int bytesPerSample) {
      this.bytesPerSample = bytesPerSample;
    }

    public int bytesPerSample() {
      return bytesPerSample;
    }
  }

  public WavFormat {
    if (channels < 1 || blockAlign != channels * encoding.bytesPerSample()) {
      throw new IllegalArgumentException("inconsistent WAV format");
    }
  }

  /** Convenience constructor that derives the block alignment. */
  public static WavFormat of(Encoding encoding, int sampleRate, int channels) {
    return new WavFormat(encoding, sampleRate, channels, channels * encoding.bytesPerSample());
  }
}
