package io.callvault.retention;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of one sweep: copies per purpose and action, errors, holds past their review date and
 * notes. A real sweep's report is kept in the catalog ({@link SweepReports}); a dry run's is not.
 *
 * @param counts purpose → action → number of copies
 * @param overdueHolds one line per active hold past its review date
 * @param notes facts worth knowing that are not errors (e.g. a bucket without versioning support)
 */
public record SweepReport(String id, Instant startedAt, Instant finishedAt, boolean dryRun,
    Map<String, Map<SweepAction, Long>> counts, List<String> errors, List<String> overdueHolds,
    List<String> notes) {

  public SweepReport {
    Map<String, Map<SweepAction, Long>> copy = new TreeMap<>();
    counts.forEach((purpose, byAction) -> copy.put(purpose, Map.copyOf(byAction)));
    counts = java.util.Collections.unmodifiableMap(copy);
    errors = List.copyOf(errors);
    overdueHolds = List.copyOf(overdueHolds);
    notes = List.copyOf(notes);
  }

  /** Copies of {@code purpose} that got {@code action}; 0 when none. */
  public long count(String purpose, SweepAction action) {
    return counts.getOrDefault(purpose, Map.of()).getOrDefault(action, 0L);
  }

  /** Copies that got {@code action}, over all purposes. */
  public long total(SweepAction action) {
    return counts.values().stream().mapToLong(m -> m.getOrDefault(action, 0L)).sum();
  }

  /** Human-readable, for the CLI and logs (no personal data: purposes, opaque ids and counts only). */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append(dryRun ? "Retention sweep (dry run: nothing was changed) " : "Retention sweep ").append(id)
        .append('\n');
    b.append("  started ").append(startedAt).append(", finished ").append(finishedAt).append('\n');
    List<String[]> rows = new ArrayList<>();
    counts.forEach((purpose, byAction) -> new TreeMap<>(byAction).forEach((action, n) -> {
      if (n > 0) {
        rows.add(new String[] {purpose, (dryRun && action != SweepAction.HELD && action != SweepAction.KEPT
            ? "would " : "") + action.word(), Long.toString(n)});
      }
    }));
    if (rows.isEmpty()) {
      b.append("  nothing ").append(dryRun ? "would be" : "was").append(" due\n");
    } else {
      int w1 = Math.max("purpose".length(), rows.stream().mapToInt(r -> r[0].length()).max().orElse(0));
      int w2 = Math.max("action".length(), rows.stream().mapToInt(r -> r[1].length()).max().orElse(0));
      b.append(String.format("  %-" + w1 + "s  %-" + w2 + "s  %s%n", "purpose", "action", "copies"));
      for (String[] r : rows) {
        b.append(String.format("  %-" + w1 + "s  %-" + w2 + "s  %6s%n", r[0], r[1], r[2]));
      }
    }
    section(b, "errors", errors);
    section(b, "holds past their review date", overdueHolds);
    if (!notes.isEmpty()) {
      section(b, "notes", notes);
    }
    return b.toString();
  }

  private static void section(StringBuilder b, String title, List<String> lines) {
    b.append("  ").append(title).append(':').append(lines.isEmpty() ? " none\n" : "\n");
    for (String line : lines) {
      b.append("    - ").append(line).append('\n');
    }
  }

  @Override
  public String toString() {
    return render();
  }
}
