package io.callvault.notice;

import java.time.Period;
import java.util.ArrayList;
import java.util.List;

/** ISO periods said in words: P6M is "6 months" / "6 mois", P2W "2 weeks" / "2 semaines", P0D "immediately". */
public final class Periods {
  private Periods() {}

  /** {@code period} in words in {@code language}; days that make whole weeks are said in weeks. */
  public static String inWords(Period period, Language language) {
    Phrases p = Phrases.of(language);
    List<String> parts = new ArrayList<>();
    add(parts, p, period.getYears(), "year");
    add(parts, p, period.getMonths(), "month");
    int days = period.getDays();
    if (days != 0 && days % 7 == 0) {
      add(parts, p, days / 7, "week");
    } else {
      add(parts, p, days, "day");
    }
    if (parts.isEmpty()) {
      return p.get("period.none");
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    String last = parts.remove(parts.size() - 1);
    return String.join(", ", parts) + " " + p.get("period.and") + " " + last;
  }

  private static void add(List<String> parts, Phrases p, int n, String unit) {
    if (n != 0) {
      parts.add(n + " " + p.get("period." + unit + (n == 1 ? "" : "s")));
    }
  }
}
