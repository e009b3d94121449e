package io.callvault.notice;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The fixed wording of notices, records and the Art. 15 statement in one language, from {@code notice_<code>.properties} beside this
 * class (UTF-8; {@code %s} marks what is filled in). A key missing in a language is a bug, and fails loudly.
 */
public final class Phrases {
  private final Language language;
  private final Properties texts = new Properties();

  private Phrases(Language language) {
    this.language = language;
    String name = "notice_" + language.code() + ".properties";
    try (InputStream in = Phrases.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no " + name + " on the class path");
      }
      texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Phrases of(Language language) {
    return new Phrases(language);
  }

  Language language() {
    return language;
  }

  /** The phrase {@code key}, with {@code args} in place of its {@code %s}. */
  public String get(String key, Object... args) {
    String text = texts.getProperty(key);
    if (text == null) {
      throw new IllegalStateException("phrase '" + key + "' is missing in notice_" + language.code() + ".properties");
    }
    return args.length == 0 ? text : String.format(text, args);
  }
}
