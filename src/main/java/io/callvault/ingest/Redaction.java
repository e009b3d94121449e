package io.callvault.ingest;

import java.util.regex.Pattern;

/**
 * Removes what may be personal data from a text that is about to be logged or cataloged:
 * error messages of libraries often quote file names, and FreePBX file names hold phone numbers.
 */
public final class Redaction {
  private static final Pattern NUMBER = Pattern.compile("\\+?\\d[\\d ]{4,}\\d");

  private Redaction() {}

  /** Replaces every run of 6 or more digits (a phone number, possibly) with {@code [redacted]}. */
  public static String of(String text) {
    if (text == null) {
      return null;
    }
    return NUMBER.matcher(text).replaceAll("[redacted]");
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
