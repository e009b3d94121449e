package io.callvault.api;

import io.callvault.privacy.PersonalData;
import io.callvault.retention.HoldScope;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The checks on what a request brings before it reaches the catalog or the append-only audit trail:
 * bad input answers 400 with a reason that names the field and never echoes the value (it may be
 * personal data). Values that look like a phone number ({@link PersonalData}) are refused wherever the
 * text would be stored: an audit entry can never be removed without breaking the chain.
 */
public final class ApiInput {
  /** Ids that a client chooses (webhook event ids): letters, digits and {@code . _ : -}, at most 128. */
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  /** Names from configuration (purposes, consent flags): lower-case letters, digits, '-' and '_'. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  /** The longest hold reason kept. */
  public static final int MAX_REASON = 500;

  private ApiInput() {}

  /** A webhook event id: an opaque id of the CRM, never a phone number. */
  public static String eventId(String value) {
    String v = required("event_id", value);
    if (!CLIENT_ID.matcher(v).matches()) {
      throw ApiException.badRequest("event_id must be 1 to 128 letters, digits, '.', '_', ':' or '-'");
    }
    refusePhoneNumber("event_id", v);
    return v;
  }

  /**
   * A subject reference (phone number or CRM id): only ever turned into a keyed hash, so any text will do,
   * within reason: at most 256 characters, no control characters.
   */
  public static String subjectRef(String value) {
    String v = required("subject", value);
    if (v.length() > 256 || v.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest("a subject reference is a phone number, a CRM id or employee:<employee id>,"
          + " of at most 256 characters");
    }
    if (io.callvault.employees.Employees.isEmployee(v) && v.strip().length() == io.callvault.employees.Employees.PREFIX.length()) {
      throw ApiException.badRequest("an employee reference is employee:<employee id>, e.g. employee:E1234");
    }
    return v;
  }

  /** The language of an answer ({@code ?lang=fr|en}); absent: English. */
  public static io.callvault.notice.Language language(String value) {
    if (value == null || value.isBlank()) {
      return io.callvault.notice.Language.EN;
    }
    try {
      return io.callvault.notice.Language.of(value.strip());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("lang must be fr or en (or left out: en)");
    }
  }

  /** A recording id as callvault gives them (the PBX's call id holds digits: no phone-number check here). */
  public static String recordingId(String value) {
    String v = required("id", value);
    if (!CLIENT_ID.matcher(v).matches()) {
      throw ApiException.badRequest("a recording id is 1 to 128 letters, digits, '.', '_', ':' or '-'");
    }
    return v;
  }

  /** A legal hold's id ({@code hold_<hex>}). */
  public static String holdId(String value) {
    String v = required("id", value);
    if (!CLIENT_ID.matcher(v).matches()) {
      throw ApiException.badRequest("a hold id is hold_ and hex digits");
    }
    return v;
  }

  /** A purpose of {@code config/policies.yaml}. */
  public static String purpose(String value, Collection<String> known) {
    String v = required("purpose", value);
    if (!NAME.matcher(v).matches() || !known.contains(v)) {
      throw ApiException.badRequest("purpose must be one of " + known);
    }
    return v;
  }

  /** A consent flag name, as written in policies.yaml ({@code consent-flag}). */
  public static String flag(String value) {
    String v = required("flag", value);
    if (!NAME.matcher(v).matches()) {
      throw ApiException.badRequest("flag must be a consent flag name: lower-case letters, digits, '-' or '_'");
    }
    return v;
  }

  /** A legal hold's scope: recording, subject or case. */
  public static HoldScope holdScope(String value) {
    String v = required("scope", value);
    for (HoldScope s : HoldScope.values()) {
      if (s.name().equals(v.toUpperCase(Locale.ROOT))) {
        return s;
      }
    }
    throw ApiException.badRequest("scope must be recording, subject or case");
  }

  /** A legal hold's reason: free text, kept with the hold, so no phone numbers and at most {@value #MAX_REASON}. */
  public static String holdReason(String value) {
    String v = required("reason", value);
    if (v.length() > MAX_REASON) {
      throw ApiException.badRequest("reason must be at most " + MAX_REASON + " characters");
    }
    if (v.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
      throw ApiException.badRequest("reason must not hold control characters");
    }
    refusePhoneNumber("reason", v);
    return v;
  }

  /** A review date {@code YYYY-MM-DD}, required: a hold that nobody reviews outlives its reason. */
  public static Instant reviewAt(String value) {
    String v = required("review_at", value);
    try {
      return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("review_at must be a date YYYY-MM-DD");
    }
  }

  /** How many entries to answer: a whole number from 1 to {@code max}; {@code fallback} when absent. */
  public static int limit(String value, int fallback, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest("limit must be a whole number from 1 to " + max);
  }

  /** An audit action to filter on ({@code HOLD_PLACED}...), or null when absent. */
  public static String auditAction(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (!value.strip().matches("[A-Z][A-Z_]{0,63}")) {
      throw ApiException.badRequest("action must be an audit action in capitals, such as HOLD_PLACED");
    }
    return value.strip();
  }

  /** Part of an audit actor's name to filter on (at most 255 characters), or null when absent. */
  public static String actorPart(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    if (value.length() > 255 || value.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.badRequest("the actor filter must be at most 255 characters, without control characters");
    }
    return value.strip();
  }

  /** A field that must be present and not blank. */
  public static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest("missing field '" + field + "'");
    }
    return value;
  }

  private static void refusePhoneNumber(String field, String value) {
    if (PersonalData.looksLikeWrittenPhoneNumber(value)) {
      throw ApiException.badRequest(field + " looks like it holds a phone number; it would be kept for good,"
          + " so send an opaque reference instead");
    }
  }
}
