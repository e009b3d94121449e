package io.callvault.audio;

/**
 * Where a WAV file can carry audio that a masker trusting the header would not scan: the card is
 * keyed there, between speech, and the rest of the file is speech. Each layout is a row of
 * docs/reliability.md.
 */
public enum WavLayout {
  /** The data chunk declares only the speech; the keyed card follows as bare audio (a size that lied). */
  AFTER_DECLARED_END,
  /** The declared end of the data chunk falls in the middle of the keyed digits. */
  DECLARED_END_INSIDE_THE_DIGITS,
  /** A second {@code data} chunk, after the first, holds the card. */
  SECOND_DATA_CHUNK,
  /** A {@code fact} and then a {@code LIST} chunk follow the data; the LIST body holds the card. */
  LIST_AFTER_DATA,
  /** An odd-sized data chunk (8-bit) or odd LIST chunk (16-bit), each with its pad byte, then a data chunk with the card. */
  ODD_SIZES_WITH_PAD_BYTE,
  /** The data chunk declares an odd size and no pad byte follows: the next data chunk, with the card, starts off the frame grid. */
  ODD_SIZE_WITHOUT_PAD_BYTE,
  /** The header declares 10 MB more data than the file holds (cut by a crash); the card is in what is there. */
  TRUNCATED,
  /** The data size is 0 (never written), and a LIST chunk with the card follows the audio. */
  STREAMED_SIZE_ZERO,
  /** The data size is 0xFFFFFFFF (never written), and a second data chunk with the card follows. */
  STREAMED_SIZE_FFFFFFFF,
  /** A LIST chunk before the data chunk holds the card. */
  CHUNK_BEFORE_DATA
}
