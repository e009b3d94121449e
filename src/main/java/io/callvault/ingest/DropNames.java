package io.callvault.ingest;

/**
 * Drop entry names callvault never follows: a path that climbs out of the drop ({@code ..} as a segment, with
 * {@code /} or {@code \} between segments, as some servers list names), an absolute path ({@code /etc/x},
 * {@code \\host\share}, {@code C:\x}), or a name with control characters (a newline or an escape sequence in a
 * name can forge log lines and reason files). Such an entry is quarantined: recorded with its reason, and,
 * when its name stays inside the drop, moved to {@code .quarantine/}; it is never opened.
 */
public final class DropNames {
  private DropNames() {}

  /** Why a name must not be followed, or null when it is an ordinary path below the drop. */
  public static String unsafe(String relativePath) {
    if (relativePath == null || relativePath.isEmpty()) {
      return "the file has no name";
    }
    if (relativePath.startsWith("/") || relativePath.startsWith("\\") || relativePath.matches("^[A-Za-z]:.*")) {
      return "its name is an absolute path; callvault reads only files below the drop directory";
    }
    for (String segment : relativePath.split("[/\\\\]")) {
      if (segment.equals("..")) {
        return "its name climbs out of the drop directory (..); callvault never follows such a path";
      }
    }
    if (relativePath.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
      return "its name contains control characters; rename the file without them";
    }
    return null;
  }

  /** True when a refused name may still be moved to quarantine (it stays inside the drop). */
  public static boolean movable(String relativePath) {
    String reason = unsafe(relativePath);
    return reason == null || reason.contains("control characters");
  }
}
