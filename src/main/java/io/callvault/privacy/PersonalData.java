package io.callvault.privacy;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for spotting a phone number where none may be: the log filter ({@link RedactingConverter}),
 * redacted error reasons ({@code io.callvault.ingest.Redaction}), and the guards of S3 metadata, the audit
 * trail and hold targets. Everything that redacts or refuses "a phone number" goes through here.
 *
 * <p>A number is a run of 7 or more digits, optionally after {@code +}, with single spaces allowed between
 * digits ({@code +44 7700 900123}), or a {@code +}/{@code 0}-led run of 7 or more digits grouped by
 * {@code -} or {@code .} ({@code 020-7946-0958}, {@code +44.20.7946.0958}). A letter or digit right next to
 * it makes it part of a word or an id ({@code INC0012345}, a hex digest); {@code _}, {@code -}, {@code /}
 * and {@code .} do not, so {@code 20240315_07700900123.wav} is caught.
 *
 * <p>Passed whole, never redacted, because callvault made them and they hold no number:
 * <ul>
 *   <li>its opaque ids, by their exact shape: {@code rec_} + 24 hex, {@code f_} + 20 hex, {@code hold_} +
 *       16 hex, {@code cert_} + 32 hex, {@code sweep_} + 16 hex, {@code anon_} + 24 hex, and its
 *       ciphertext temp files {@code rec_<hex>-<purpose>-<digits>.gpg.part};</li>
 *   <li>audit anchor file names, {@code anchor-<12 digits>-...};</li>
 *   <li>UUIDs and Camel exchange ids ({@code 15 hex-16 digits});</li>
 *   <li>the random number of a temporary directory or file directly under the system temp directory
 *       ({@code /tmp/junit-1234567890/}, {@code /tmp/callvault-42.tmp}): letters, an optional separator,
 *       digits, optionally {@code .tmp}, and nothing else in that path segment. A file name below it is
 *       judged like any other text, so a recording's name in a temp path is still redacted.</li>
 * </ul>
 * What a party can choose (a CRM's event id, a PBX's file name) is never trusted whole: a number in it is
 * redacted.
 */
public final class PersonalData {
  /** What replaces a number. */
  public static final String REDACTED = "[redacted]";

  private static final String NOT_WORD_BEFORE = "(?<![0-9A-Za-z_])";
  private static final String NOT_WORD_AFTER = "(?![0-9A-Za-z_])";
  private static final String OWN_IDS = NOT_WORD_BEFORE
      + "(?:rec_[0-9a-f]{24}(?:-[a-z][a-z0-9_-]*-\\d+\\.gpg\\.part)?|f_[0-9a-f]{20}|hold_[0-9a-f]{16}"
      + "|cert_[0-9a-f]{32}|sweep_[0-9a-f]{16}|anon_[0-9a-f]{24})" + NOT_WORD_AFTER;
  private static final String ANCHOR = "(?<![0-9A-Za-z])anchor-\\d{12}-";
  private static final String UUID = "(?<![0-9A-Fa-f-])[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
      + "-[0-9a-fA-F]{12}(?![0-9A-Za-z])";
  private static final String EXCHANGE_ID = "(?<![0-9A-Za-z-])[0-9A-F]{15}-\\d{16}(?![0-9A-Za-z])";
  private static final String TEMP_SEGMENT = "(?<![0-9A-Za-z._/-])(?:" + tempRoots() + ")/[A-Za-z]+(?:[-_.][A-Za-z]+)*"
      + "[-_.]?\\d+(?:\\.tmp)?(?=/|$|[^0-9A-Za-z._-])";

  private static final String SPACED = "\\+?\\d(?: ?\\d){6,}";
  private static final String GROUPED = "(?:\\+|(?=0))(?=(?:[-.]?\\d){7})\\d{1,5}(?:[-.]\\d{2,5})+";
  private static final String NUMBER = "(?<![0-9A-Za-z+])(?:" + SPACED + "|" + GROUPED + ")(?![0-9A-Za-z])";

  /** Our own names first (tried first at each position), then numbers. */
  private static final Pattern RULE = Pattern.compile("(?<keep>" + OWN_IDS + "|" + ANCHOR + "|" + UUID + "|"
      + EXCHANGE_ID + "|" + TEMP_SEGMENT + ")|(?<number>" + NUMBER + ")");

  private PersonalData() {}

  /** True when {@code text} holds something that looks like a phone number (by the rule above). */
  public static boolean looksLikePhoneNumber(String text) {
    if (text == null) {
      return false;
    }
    Matcher m = RULE.matcher(text);
    while (m.find()) {
      if (m.group("number") != null) {
        return true;
      }
    }
    return false;
  }

  /** {@code text} with every number replaced by {@value #REDACTED}; callvault's own names pass whole. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Matcher m = RULE.matcher(text);
    StringBuilder out = null;
    while (m.find()) {
      if (m.group("number") != null) {
        out = out == null ? new StringBuilder(text.length()) : out;
        m.appendReplacement(out, Matcher.quoteReplacement(REDACTED));
      }
    }
    if (out == null) {
      return text;
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The temp directories whose direct children are JDK-named temp files: /tmp, /var/tmp, java.io.tmpdir. */
  private static String tempRoots() {
    StringBuilder roots = new StringBuilder("/tmp|/var/tmp");
    String tmp = System.getProperty("java.io.tmpdir");
    if (tmp != null && !tmp.isBlank()) {
      String dir = Path.of(tmp).toAbsolutePath().normalize().toString();
      if (!dir.equals("/tmp") && !dir.equals("/var/tmp") && !dir.equals("/")) {
        roots.append('|').append(Pattern.quote(dir));
      }
    }
    return roots.toString();
  }

  /**
   * Free text a person typed (a hold's reason): the same rule, after dropping the spaces and brackets people
   * write inside numbers ({@code 07700 900123}, {@code +44 (0)20 7946 0018}).
   */
  public static boolean looksLikeWrittenPhoneNumber(String text) {
    if (looksLikePhoneNumber(text)) {
      return true;
    }
    StringBuilder joined = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean separator = c == ' ' || c == '(' || c == ')';
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 'x';
      if (!(separator && joined.length() > 0 && nearDigit(joined) && (Character.isDigit(next) || next == '('))) {
        joined.append(c);
      }
    }
    return looksLikePhoneNumber(joined.toString());
  }

  private static boolean nearDigit(StringBuilder sb) {
    char last = sb.charAt(sb.length() - 1);
    return Character.isDigit(last) || last == '+';
  }
}
