package io.callvault.ingest;

import io.callvault.audio.MarkedInterval;
import io.callvault.audio.MaskSettings;
import io.callvault.source.CdrRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The minimise step's audio rule, source-wide (card data must reach no copy): mask DTMF tones and
 * marked payment windows before encryption, and what to do with audio the masker cannot decode.
 *
 * @param enabled mask at all ({@code callvault.masking.enabled})
 * @param base detector, guard and fill settings
 * @param quarantineUnmaskable quarantine audio that cannot be masked (mp3, GSM...), instead of storing it
 *     flagged "not masked"
 * @param cdrUserfieldIntervals read payment windows from the CDR userfield ({@code pci=<start>-<end>} in
 *     seconds from the start of the recording, several separated by {@code ;})
 * @param crmWindows where the CRM keeps payment windows per call, or null
 */
public record MaskingPolicy(boolean enabled, MaskSettings base, boolean quarantineUnmaskable, boolean cdrUserfieldIntervals,
    CrmPaymentWindows crmWindows) {
  private static final Pattern WINDOW = Pattern.compile("pci=(\\d+(?:\\.\\d+)?)-(\\d+(?:\\.\\d+)?)");

  public static MaskingPolicy off() {
    return new MaskingPolicy(false, MaskSettings.defaults(), false, false, null);
  }

  /**
   * The settings for one recording: the base settings plus its payment windows from the sidecar, the
   * CDR userfield and the CRM, as configured.
   *
   * @throws java.io.IOException when the CRM cannot say (the recording then waits in the drop)
   */
  public MaskSettings forRecording(CdrRecord cdr, List<MarkedInterval> sidecarWindows, String uniqueId)
      throws java.io.IOException {
    List<MarkedInterval> windows = new ArrayList<>(sidecarWindows);
    if (crmWindows != null) {
      windows.addAll(crmWindows.forCall(uniqueId));
    }
    if (cdrUserfieldIntervals && cdr != null && cdr.userfield() != null) {
      windows.addAll(windows(cdr.userfield()));
    }
    return windows.isEmpty() ? base : base.withMarkedIntervals(windows);
  }

  /** Parses {@code pci=12.5-31;pci=40-52.25}; anything else in the userfield is ignored. */
  public static List<MarkedInterval> windows(String userfield) {
    List<MarkedInterval> out = new ArrayList<>();
    Matcher m = WINDOW.matcher(userfield);
    while (m.find()) {
      long start = Math.round(Double.parseDouble(m.group(1)) * 1000);
      long end = Math.round(Double.parseDouble(m.group(2)) * 1000);
      if (end > start) {
        out.add(MarkedInterval.ofMillis(start, end));
      }
    }
    return out;
  }
}
