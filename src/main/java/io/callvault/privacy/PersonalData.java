package io.callvault.privacy;

import java.util.regex.Pattern;

/**
 * The one rule for spotting a phone number where none may be: logs, S3 metadata, the audit trail,
 * hold targets. A free-standing run of 7 or more digits (optionally after {@code +}); digits inside a
 * hex digest or an opaque id such as {@code rec_0123...} do not count.
 */
public final class PersonalData {
  /** A phone-number-like run of digits; letters, digits and '_' around it make it part of an id. */
  public static final Pattern PHONE_LIKE = Pattern.compile("(?<![0-9A-Za-z_])\\+?\\d{7,}(?![0-9A-Za-z_])");

  private PersonalData() {}

  public static boolean looksLikePhoneNumber(String text) {
    return text != null && PHONE_LIKE.matcher(text).find();
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
