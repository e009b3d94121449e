package io.callvault.consent;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The usual spellings of "yes" and "no" that CRMs and spreadsheets use for a consent flag. */
public final class ConsentValues {

  /** Lower-case raw value to status; anything else (and an empty value) is UNKNOWN. */
  public static final Map<String, ConsentStatus> DEFAULTS = defaults();

  private ConsentValues() {}

  /** Maps one raw value, case-insensitive and trimmed; {@code null}, empty or unrecognised is UNKNOWN. */
  public static ConsentStatus parse(String raw) {
    return parse(raw, DEFAULTS);
  }

  /**
   * Maps one raw value through {@code lowerCaseMap} (keys lower case), case-insensitive and trimmed.
   */
  static ConsentStatus parse(String raw, Map<String, ConsentStatus> lowerCaseMap) {
    if (raw == null) {
      return ConsentStatus.UNKNOWN;
    }
    String key = raw.trim().toLowerCase(Locale.ROOT);
    if (key.isEmpty()) {
      return ConsentStatus.UNKNOWN;
    }
    return lowerCaseMap.getOrDefault(key, ConsentStatus.UNKNOWN);
  }

  private static Map<String, ConsentStatus> defaults() {
    Map<String, ConsentStatus> m = new LinkedHashMap<>();
    for (String s : new String[] {"granted", "true", "yes", "y", "1", "opt-in", "opt_in", "optin"}) {
      m.put(s, ConsentStatus.GRANTED);
    }
    for (String s :
        new String[] {
          "denied", "false", "no", "n", "0", "opt-out", "opt_out", "optout", "withdrawn"
        }) {
      m.put(s, ConsentStatus.DENIED);
    }
    return Map.copyOf(m);
  }
}
