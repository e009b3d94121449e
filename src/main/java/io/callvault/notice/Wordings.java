package io.callvault.notice;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that every purpose says what people must be told in a language before anything is written in it (the
 * notice, the record) and, for every language, in {@code ./callvault check-config}.
 */
public final class Wordings {
  private Wordings() {}

  /**
   * Throws one problem per purpose whose {@code description} or {@code recipients-described} lacks {@code lang}.
   *
   * @param file the policies file, as problems name it
   */
  static void requireAll(PolicySet set, Language lang, String file) {
    List<ConfigProblem> problems = problems(set, lang, file);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** One problem per purpose whose {@code description} or {@code recipients-described} lacks {@code lang}. */
  public static List<ConfigProblem> problems(PolicySet set, Language lang, String file) {
    List<ConfigProblem> problems = new ArrayList<>();
    for (int i = 0; i < set.purposes().size(); i++) {
      Purpose p = set.purposes().get(i);
      String at = "purposes[" + i + "].";
      if (p.wording().description(lang.code()).isEmpty()) {
        problems.add(new ConfigProblem(file, at + "description." + lang.code(), "purpose '" + p.name()
            + "' has no description in '" + lang.code() + "', so people cannot be told what it is for",
            "add it, e.g. 'description: {" + lang.code() + ": \"Training our advisers\"}'"));
      }
      if (p.wording().recipients(lang.code()).isEmpty()) {
        problems.add(new ConfigProblem(file, at + "recipients-described." + lang.code(), "purpose '" + p.name()
            + "' does not name its recipients in '" + lang.code() + "' (key files mean nothing to people)",
            "add them, e.g. 'recipients-described: {" + lang.code() + ": [the training team]}'"));
      }
    }
    return problems;
  }
}
