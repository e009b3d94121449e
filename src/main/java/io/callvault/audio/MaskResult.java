package io.callvault.audio;

/**
 * What masking did to one recording. Holds counts only, never the keys.
 *
 * @param tonesMasked DTMF tones found and replaced, wherever they were in the file
 * @param maskedMillis audio replaced, tones with their guards plus marked intervals, in ms
 * @param masked true when the audio was decoded and masking ran (even if nothing was found)
 * @param notMaskedReason why masking could not run, or null when it ran
 * @param note what the catalog should know although masking ran, e.g. that the WAV header's data
 *     size was wrong (bytes beyond it were masked as audio too); null when there is nothing to say
 */
public record MaskResult(int tonesMasked, long maskedMillis, boolean masked, String notMaskedReason, String note) {

  public MaskResult(int tonesMasked, long maskedMillis, boolean masked, String notMaskedReason) {
    this(tonesMasked, maskedMillis, masked, notMaskedReason, null);
  }

  public static MaskResult notMasked(String reason) {
    return new MaskResult(0, 0, false, reason);
  }
}
