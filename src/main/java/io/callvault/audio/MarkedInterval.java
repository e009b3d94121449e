package io.callvault.audio;

/**
 * A stretch of audio to silence whatever it holds, such as a payment window marked by the
 * platform (pause/resume events from a sidecar, CDR userfield or CRM field). Half-open:
 * {@code [start, end)}, in milliseconds or in frames (samples per channel) from the start of the
 * audio. Milliseconds are widened outwards to whole frames: start rounds down, end rounds up.
 */
public record MarkedInterval(long start, long end, Unit unit) {

  /** The unit of {@link #start} and {@link #end}. */
  public enum Unit {
    MILLIS,
    FRAMES
  }

  public MarkedInterval {
    if (unit == null) {
      throw new IllegalArgumentException("unit is required");
    }
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("marked interval needs 0 <= start <= end, got [" + start + ", " + end + ")");
    }
  }

  public static MarkedInterval ofMillis(long startMillis, long endMillis) {
    return new MarkedInterval(startMillis, endMillis, Unit.MILLIS);
  }

  public static MarkedInterval ofFrames(long startFrame, long endFrame) {
    return new MarkedInterval(startFrame, endFrame, Unit.FRAMES);
  }

  /** First frame to silence at this sample rate. */
  public long startFrame(int sampleRate) {
    return unit == Unit.FRAMES ? start : Math.floorDiv(start * sampleRate, 1000L);
  }

  /** Frame after the last one to silence at this sample rate. */
  public long endFrame(int sampleRate) {
    return unit == Unit.FRAMES ? end : -Math.floorDiv(-end * sampleRate, 1000L);
  }
}
