package io.callvault.retention;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How many stored copies reach the end of their retention in each of the next {@value #WEEKS} weeks (UTC weeks,
 * Monday first), per purpose, with the copies a legal hold keeps counted apart: those will not be deleted at that
 * date. A copy already past its retain-until (not swept yet) counts in the first week.
 *
 * @param weeks the Monday of each week, oldest first
 * @param purposes per purpose, the counts per week, index by index with {@code weeks}
 */
public record RetentionForecast(List<LocalDate> weeks, Map<String, Series> purposes) {
  /** Fifty-two weeks: the next twelve months. */
  public static final int WEEKS = 52;

  /** One purpose's counts: {@code due[i]} copies expire in week i, {@code held[i]} would but a hold keeps them. */
  public record Series(long[] due, long[] held) {}

  /** One stored copy as the forecast needs it. */
  public record Expiring(String purpose, Instant retainUntil, boolean held) {}

  /** The week of {@code now}'s Monday, then {@value #WEEKS} weeks; copies expiring later are not counted. */
  public static Instant end(Instant now) {
    return monday(now).plusWeeks(WEEKS).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /**
   * The forecast from {@code now} over {@code copies} (those expiring before {@link #end}); every purpose of
   * {@code purposes} has a series, with zeros where nothing expires.
   */
  public static RetentionForecast of(Instant now, Collection<String> purposes, Collection<Expiring> copies) {
    LocalDate first = monday(now);
    List<LocalDate> weeks = new ArrayList<>();
    for (int i = 0; i < WEEKS; i++) {
      weeks.add(first.plusWeeks(i));
    }
    Map<String, Series> out = new TreeMap<>();
    purposes.forEach(p -> out.put(p, new Series(new long[WEEKS], new long[WEEKS])));
    for (Expiring c : copies) {
      Series s = out.get(c.purpose());
      if (s == null) {
        continue;
      }
      long week = ChronoUnit.WEEKS.between(first, c.retainUntil().atZone(ZoneOffset.UTC).toLocalDate());
      if (week >= WEEKS) {
        continue;
      }
      int i = (int) Math.max(0, week);
      (c.held() ? s.held() : s.due())[i]++;
    }
    return new RetentionForecast(List.copyOf(weeks), out);
  }

  private static LocalDate monday(Instant now) {
    return now.atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }
}
