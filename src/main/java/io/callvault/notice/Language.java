package io.callvault.notice;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The languages callvault writes notices and records in; {@link #code()} is the key in {@code policies.yaml}. */
public enum Language {
  FR("fr", "fr-FR"),
  EN("en", "en-GB");

  private final String code;
  private final String speechTag;

  Language(String code, String speechTag) {
    this.code = code;
    this.speechTag = speechTag;
  }

  /** The ISO 639-1 code: {@code fr}, {@code en}. */
  public String code() {
    return code;
  }

  /** The BCP 47 tag a speech synthesiser expects ({@code xml:lang} of SSML). */
  public String speechTag() {
    return speechTag;
  }

  /** The language of {@code code}; an unknown one is an error naming those there are. */
  public static Language of(String code) {
    for (Language l : values()) {
      if (l.code.equals(code.toLowerCase(Locale.ROOT))) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown language '" + code + "': use one of "
        + Arrays.stream(values()).map(Language::code).collect(Collectors.joining(", ")));
  }
}
