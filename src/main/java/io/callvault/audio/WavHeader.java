package io.callvault.audio;

/**
 * A parsed RIFF/WAVE header.
 *
 * @param format the sample format of the data chunk
 * @param headerLength bytes from the start of the file up to and including the data chunk's
 *     8-byte header (every chunk before the audio)
 * @param dataLength length of the data chunk in bytes, or -1 when the header does not say
 *     (size 0 or 0xFFFFFFFF, as written by recorders that stream): the audio then runs to the end
 */
public record WavHeader(WavFormat format, int headerLength, long dataLength) {
  public boolean dataRunsToEnd() {
    return dataLength < 0;
  }
}
