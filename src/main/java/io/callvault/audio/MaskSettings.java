package io.callvault.audio;

import java.util.List;

/**
 * How to mask one recording.
 *
 * @param detectTones whether to look for DTMF tones (false: only the marked intervals are silenced)
 * @param detector the detector's acceptance limits
 * @param guardMillis audio also replaced before and after each detected tone
 * @param fill what replaces masked audio
 * @param comfortNoiseDbm0 RMS level of the comfort noise, when {@code fill} is COMFORT_NOISE
 * @param markedIntervals stretches silenced exactly, with no guard
 * @param maxHeaderBytes bound on the WAV bytes before the audio; beyond it the file is not maskable
 */
public record MaskSettings(
    boolean detectTones,
    DtmfSettings detector,
    int guardMillis,
    Fill fill,
    double comfortNoiseDbm0,
    List<MarkedInterval> markedIntervals,
    int maxHeaderBytes) {

  /** What masked audio is replaced with. */
  public enum Fill {
    /** Digital silence (0 in PCM, 0xFF in µ-law, 0xD5 in A-law). */
    SILENCE,
    /** Low white noise, so that listeners do not take the gap for a dropped line. */
    COMFORT_NOISE
  }

  public MaskSettings {
    if (detector == null || fill == null) {
      throw new IllegalArgumentException("detector settings and fill are required");
    }
    if (guardMillis < 0 || guardMillis > 1000) {
      throw new IllegalArgumentException("guardMillis must be within 0..1000");
    }
    if (comfortNoiseDbm0 > -20) {
      throw new IllegalArgumentException("comfort noise above -20 dBm0 is not comfort noise");
    }
    if (maxHeaderBytes < 64) {
      throw new IllegalArgumentException("maxHeaderBytes must be at least 64");
    }
    markedIntervals = markedIntervals == null ? List.of() : List.copyOf(markedIntervals);
  }

  /** Tone detection with {@link DtmfSettings#defaults()}, 30 ms guards, silence, no marked interval. */
  public static MaskSettings defaults() {
    return new MaskSettings(true, DtmfSettings.defaults(), 30, Fill.SILENCE, -65.0, List.of(), WavHeaderReader.DEFAULT_MAX_HEADER_BYTES);
  }

  public MaskSettings withDetectTones(boolean on) {
    return new MaskSettings(on, detector, guardMillis, fill, comfortNoiseDbm0, markedIntervals, maxHeaderBytes);
  }

  public MaskSettings withDetector(DtmfSettings settings) {
    return new MaskSettings(detectTones, settings, guardMillis, fill, comfortNoiseDbm0, markedIntervals, maxHeaderBytes);
  }

  public MaskSettings withGuardMillis(int millis) {
    return new MaskSettings(detectTones, detector, millis, fill, comfortNoiseDbm0, markedIntervals, maxHeaderBytes);
  }

  public MaskSettings withFill(Fill newFill, double noiseDbm0) {
    return new MaskSettings(detectTones, detector, guardMillis, newFill, noiseDbm0, markedIntervals, maxHeaderBytes);
  }

  public MaskSettings withMarkedIntervals(List<MarkedInterval> intervals) {
    return new MaskSettings(detectTones, detector, guardMillis, fill, comfortNoiseDbm0, intervals, maxHeaderBytes);
  }

  public MaskSettings withMaxHeaderBytes(int bytes) {
    return new MaskSettings(detectTones, detector, guardMillis, fill, comfortNoiseDbm0, markedIntervals, bytes);
  }
}
