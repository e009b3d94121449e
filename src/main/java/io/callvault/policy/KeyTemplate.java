package io.callvault.policy;

import io.callvault.source.Recording;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Object-key templates such as {@code {yyyy}/{MM}/{dd}/{id}.{ext}.gpg}.
 *
 * <p>The placeholders are deliberately few and carry no personal data: {@code {yyyy} {MM} {dd}
 * {HH}} (recording start in the given zone), {@code {id}} (opaque recording id), {@code {ext}}
 * (audio format suffix), {@code {purpose}}, {@code {source}} (PBX source id) and {@code {type}}
 * (call type). There is deliberately no placeholder for a phone number or a name.
 */
public final class KeyTemplate {

  /** Every placeholder a template may use, with its braces, in documentation order. */
  public static final List<String> PLACEHOLDERS =
      List.of("{yyyy}", "{MM}", "{dd}", "{HH}", "{id}", "{ext}", "{purpose}", "{source}", "{type}");

  private static final Set<String> KNOWN = Set.copyOf(PLACEHOLDERS);
  private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._-]+");

  private KeyTemplate() {}

  /**
   * Renders the key of one copy.
   *
   * @param zone zone for the date placeholders; null means UTC
   * @throws IllegalArgumentException when the template has an unknown placeholder, or a value is
   *     not safe in an object key (the message names the placeholder, never the value)
   */
  public static String render(String template, Recording r, Purpose p, ZoneId zone) {
    List<String> unknown = unknownPlaceholders(template);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "key template of purpose '" + p.name() + "' has unknown placeholders " + unknown);
    }
    ZonedDateTime start = r.start().atZone(zone == null ? ZoneOffset.UTC : zone);
    StringBuilder out = new StringBuilder(template.length() + 32);
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '{') {
        out.append(c);
        i++;
        continue;
      }
      int close = template.indexOf('}', i);
      String placeholder = template.substring(i, close + 1);
      out.append(
          switch (placeholder) {
            case "{yyyy}" -> String.format("%04d", start.getYear());
            case "{MM}" -> String.format("%02d", start.getMonthValue());
            case "{dd}" -> String.format("%02d", start.getDayOfMonth());
            case "{HH}" -> String.format("%02d", start.getHour());
            case "{id}" -> safe("{id}", r.id());
            case "{ext}" -> r.format().keySuffix();
            case "{purpose}" -> safe("{purpose}", p.name());
            case "{source}" -> safe("{source}", r.sourceId());
            case "{type}" -> r.callType() == null ? "unknown" : safe("{type}", r.callType());
            default -> throw new IllegalStateException(placeholder);
          });
      i = close + 1;
    }
    return out.toString();
  }

  /**
   * Placeholders in {@code template} that {@link #render} does not know, as written (with braces).
   * An unclosed brace or a stray closing brace is reported as written too, e.g. {@code {id}.
   */
  public static List<String> unknownPlaceholders(String template) {
    List<String> unknown = new ArrayList<>();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '}') {
        unknown.add("}");
        i++;
      } else if (c == '{') {
        int close = template.indexOf('}', i);
        int nextOpen = template.indexOf('{', i + 1);
        if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
          int end = nextOpen >= 0 ? nextOpen : template.length();
          unknown.add(template.substring(i, end));
          i = end;
        } else {
          String placeholder = template.substring(i, close + 1);
          if (!KNOWN.contains(placeholder)) {
            unknown.add(placeholder);
          }
          i = close + 1;
        }
      } else {
        i++;
      }
    }
    return unknown;
  }

  private static String safe(String placeholder, String value) {
    if (value == null || !SAFE_VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "value for " + placeholder + " is empty or has characters not allowed in an object key"
              + " (allowed: letters, digits, '.', '_', '-')");
    }
    return value;
  }
}
