package io.callvault.config;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.quartz.CronExpression;

/**
 * The Quartz cron expressions of the settings (every key ending in {@code .cron}: {@code retention.cron},
 * {@code audit.anchor.cron}, {@code callvault.temp-cleanup.cron}), checked as Quartz reads them: six or seven
 * fields, values in range, and a schedule that fires at least once.
 */
public final class CronSettings {
  private static final String FORMAT = "a Quartz cron: seconds minutes hours day-of-month month day-of-week [year],"
      + " with ? in one of the two day fields, e.g. 0 15 3 * * ? (daily at 03:15)";

  private CronSettings() {}

  public static List<ConfigProblem> problems(Settings settings, Date now) {
    List<ConfigProblem> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : settings.asMap().entrySet()) {
      if (!e.getKey().endsWith(".cron") || e.getValue().isBlank()) {
        continue;
      }
      String cron = e.getValue().strip();
      try {
        checkTimeFields(cron);
        if (new CronExpression(cron).getNextValidTimeAfter(now) == null) {
          problems.add(new ConfigProblem(settings.fileName(), e.getKey(), "'" + cron + "' never fires",
              "write a schedule that has a next time, " + FORMAT));
        }
      } catch (ParseException | RuntimeException ex) {
        problems.add(new ConfigProblem(settings.fileName(), e.getKey(),
            "'" + cron + "' is not a valid cron expression: " + ex.getMessage(), "write " + FORMAT));
      }
    }
    return problems;
  }

  /** Quartz 2.5 takes {@code 0 99 3 * * ?} (and fires at 03:00): every number of the time fields must be in range. */
  private static void checkTimeFields(String cron) throws ParseException {
    String[] fields = cron.split("\\s+");
    String[] names = {"second", "minute", "hour"};
    int[] max = {59, 59, 23};
    for (int f = 0; f < Math.min(3, fields.length); f++) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(fields[f]);
      while (m.find()) {
        if (Integer.parseInt(m.group()) > max[f]) {
          throw new ParseException(names[f] + " " + m.group() + " is out of range (0-" + max[f] + ")", 0);
        }
      }
    }
  }
}
