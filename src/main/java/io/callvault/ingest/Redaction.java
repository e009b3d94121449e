package io.callvault.ingest;

import io.callvault.privacy.PersonalData;

/**
 * Removes what may be personal data from a text that is about to be logged or cataloged:
 * error messages of libraries often quote file names, and FreePBX file names hold phone numbers.
 * The rule itself is {@link PersonalData}'s.
 */
public final class Redaction {
  private Redaction() {}

  /**
   * Replaces every number that may be a phone number with {@code [redacted]}, by the one rule of
   * {@link PersonalData} (the log filter's and the audit guard's): callvault's own ids pass whole.
   */
  public static String of(String text) {
    return PersonalData.redact(text);
  }

  /** A one-line reason for a throwable: its type and redacted message. */
  public static String reason(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null || root.getMessage().isBlank())) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : ": " + of(root.getMessage().strip().replaceAll("\\s+", " "));
    if (message.length() > 300) {
      message = message.substring(0, 300) + "...";
    }
    return root.getClass().getSimpleName() + message;
  }
}
