package io.callvault.ingest;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;

/**
 * What the ingest does with a WAV whose header disagrees with its data (truncated by a crash, sizes never written,
 * less declared than follows): {@code callvault.integrity.mismatch}.
 */
public enum IntegrityRule {
  /** Stored, its header repaired so that it plays, flagged in the catalog and the copy's metadata (the default). */
  STORE_FLAGGED("store-flagged"),
  /** Quarantined with the reason; nothing stored. */
  QUARANTINE("quarantine");

  public static final String KEY = "callvault.integrity.mismatch";

  private final String word;

  IntegrityRule(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  /** The rule named by {@code value}; an unknown one is a configuration error naming the key and the fix. */
  public static IntegrityRule parse(String value, String fileName) {
    for (IntegrityRule r : values()) {
      if (r.word.equals(value)) {
        return r;
      }
    }
    throw new ConfigException(new ConfigProblem(fileName, KEY, "unknown rule '" + value + "'",
        "use store-flagged (stored with its header repaired, flagged) or quarantine"));
  }
}
