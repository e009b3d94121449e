package io.callvault.source;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalises PBX party strings to E.164 with libphonenumber.
 *
 * <p>National numbers are read in the default region ({@code 07700 900123} in GB becomes {@code
 * +447700900123}); {@code 00} and {@code +} prefixes and bare country-code forms are understood.
 * Numbers that are merely <em>possible</em> (right length for a full number, not only a
 * local one) are accepted, because test and drama
 * ranges are not "valid" to libphonenumber. Extensions (all digits, at most {@code
 * maxExtensionDigits}, default 6), withheld callers and empty strings have no E.164 form.
 */
public final class PhoneNumbers {

  private static final Set<String> WITHHELD =
      Set.of("anonymous", "unknown", "restricted", "private", "withheld", "unavailable");
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  /** Digits with the separators people write ({@code + ( ) - . /} and spaces): a phone number as written. */
  private static final Pattern NUMBER_LIKE = Pattern.compile("\\+?[\\d ()./-]*\\d[\\d ()./-]*");

  private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
  private final String defaultRegion;
  private final int maxExtensionDigits;

  /** Default region as ISO 3166 code (e.g. {@code GB}); extensions up to 6 digits. */
  public PhoneNumbers(String defaultRegion) {
    this(defaultRegion, 6);
  }

  /** Default region and the longest extension the PBX uses. */
  public PhoneNumbers(String defaultRegion, int maxExtensionDigits) {
    if (defaultRegion == null
        || !util.getSupportedRegions().contains(defaultRegion.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "unknown phone region '" + defaultRegion + "': use an ISO 3166 code such as GB or FR");
    }
    if (maxExtensionDigits < 1 || maxExtensionDigits > 8) {
      throw new IllegalArgumentException("maxExtensionDigits must be between 1 and 8");
    }
    this.defaultRegion = defaultRegion.toUpperCase(Locale.ROOT);
    this.maxExtensionDigits = maxExtensionDigits;
  }

  /** True for a short all-digit internal number such as {@code 201}. */
  public boolean isExtension(String raw) {
    if (raw == null) {
      return false;
    }
    String t = raw.trim();
    return t.length() <= maxExtensionDigits && DIGITS.matcher(t).matches();
  }

  /** True when the party is withheld or missing ({@code anonymous}, empty...). */
  public boolean isWithheld(String raw) {
    return raw == null
        || raw.isBlank()
        || WITHHELD.contains(raw.trim().toLowerCase(Locale.ROOT));
  }

  /** The E.164 form, or empty for extensions, withheld callers and unparseable strings. */
  public Optional<String> e164(String raw) {
    if (isWithheld(raw) || isExtension(raw)) {
      return Optional.empty();
    }
    try {
      PhoneNumber number = util.parse(raw.trim(), defaultRegion);
      if (util.isPossibleNumberWithReason(number) != ValidationResult.IS_POSSIBLE) {
        return Optional.empty();
      }
      return Optional.of(util.format(number, PhoneNumberFormat.E164));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  /** The region (ISO 3166) national numbers are read in ({@code callvault.default-region}). */
  public String region() {
    return defaultRegion;
  }

  /**
   * A party as a data subject: null for a withheld caller or an extension, else {@link #asSubject}.
   */
  public String subject(String raw) {
    return isWithheld(raw) || isExtension(raw) ? null : asSubject(raw);
  }

  /**
   * How a reference is keyed as a data subject, the same at ingest and in the rights API: its E.164 form when it
   * is a phone number; a number that cannot be normalised (too short for the region, an unknown plan) as its digits
   * (a leading {@code +} kept), so that it is still asked about and found, never dropped; anything else (a CRM id)
   * as given, trimmed.
   */
  public String asSubject(String ref) {
    String r = ref.strip();
    return e164(r).orElseGet(() -> NUMBER_LIKE.matcher(r).matches() ? r.replaceAll("[^+\\d]", "") : r);
  }

  /** True when {@link #asSubject} could not give the E.164 form of a number-like reference. */
  public boolean notNormalised(String subject) {
    return subject != null && NUMBER_LIKE.matcher(subject).matches() && e164(subject).isEmpty();
  }

  /**
   * Party as the catalog should see it: E.164 when possible, the extension as-is, null when
   * withheld or missing, otherwise the trimmed string as given.
   */
  public String normalise(String raw) {
    if (isWithheld(raw)) {
      return null;
    }
    if (isExtension(raw)) {
      return raw.trim();
    }
    return e164(raw).orElse(raw.trim());
  }
}
