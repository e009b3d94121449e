package io.callvault.audio;

/**
 * What masking did to one recording. Holds counts only, never the keys.
 *
 * @param tonesMasked DTMF tones found and replaced
 * @param maskedMillis audio replaced, tones with their guards plus marked intervals, in ms
 * @param masked true when the audio was decoded and masking ran (even if nothing was found)
 * @param notMaskedReason why masking could not run, or null when it ran
 */
public record MaskResult(int tonesMasked, long maskedMillis, boolean masked, String notMaskedReason) {

  public static MaskResult notMasked(String reason) {
    return new MaskResult(0, 0, false, reason);
  }
}
