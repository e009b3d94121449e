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
}
