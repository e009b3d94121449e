package io.callvault.audio;

import java.util.List;

/**
 * A parsed RIFF/WAVE header.
 *
 * @param format the sample format of the data chunk
 * @param headerLength bytes from the start of the file up to and including the data chunk's
 *     8-byte header (every chunk before the audio)
 * @param dataLength length of the data chunk in bytes, or -1 when the header does not say
 *     (size 0 or 0xFFFFFFFF, as written by recorders that stream): the audio then runs to the end
 * @param otherChunks the bodies of the chunks before the data chunk other than {@code fmt }
 *     (LIST, fact, bext, JUNK...), as {@code [from, to)} byte offsets into the header
 */
public record WavHeader(WavFormat format, int headerLength, long dataLength, List<Body> otherChunks) {

  /** The body of one chunk, {@code [from, to)} in bytes from the start of the file. */
  public record Body(int from, int to) {}

  public WavHeader {
    otherChunks = otherChunks == null ? List.of() : List.copyOf(otherChunks);
  }

  public WavHeader(WavFormat format, int headerLength, long dataLength) {
    this(format, headerLength, dataLength, List.of());
  }

  public boolean dataRunsToEnd() {
    return dataLength < 0;
  }
}
