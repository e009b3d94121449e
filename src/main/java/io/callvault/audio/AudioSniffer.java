package io.callvault.audio;

import io.callvault.source.Recording.AudioFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Checks, from the first bytes of a stream, that the audio is what its name claims, so that a
 * broken or mislabelled file is quarantined instead of being stored. Does not consume the stream.
 */
public final class AudioSniffer {
  private static final int HEAD = 12;

  private AudioSniffer() {}

  /**
   * Returns the stream to read the audio from (buffered, positioned at the first byte).
   *
   * @throws BadAudioException when the stream is empty or its header does not match the format
   */
  public static InputStream check(InputStream in, AudioFormat format) throws IOException, BadAudioException {
    BufferedInputStream buffered = in instanceof BufferedInputStream b ? b : new BufferedInputStream(in, 64 * 1024);
    buffered.mark(HEAD);
    byte[] head = buffered.readNBytes(HEAD);
    buffered.reset();
    if (head.length == 0) {
      throw new BadAudioException("file is empty");
    }
    switch (format) {
      case WAV_PCM, WAV_GSM -> {
        if (head.length < HEAD || !ascii(head, 0, "RIFF") || !ascii(head, 8, "WAVE")) {
          throw new BadAudioException("not a RIFF/WAVE file although its name ends in .wav");
        }
      }
      case MP3 -> {
        boolean id3 = head.length >= 3 && ascii(head, 0, "ID3");
        boolean frameSync = head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0;
        if (!id3 && !frameSync) {
          throw new BadAudioException("not an MP3 stream (no ID3 tag or frame sync) although its name ends in .mp3");
        }
      }
      default -> throw new IllegalStateException("unhandled format " + format);
    }
    return buffered;
  }

  private static boolean ascii(byte[] b, int at, String s) {
    if (b.length < at + s.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (b[at + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The audio is not usable; the message is the quarantine reason. */
  public static class BadAudioException extends Exception {
    public BadAudioException(String reason) {
      super(reason);
    }
  }
}
