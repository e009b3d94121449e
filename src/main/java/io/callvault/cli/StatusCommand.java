package io.callvault.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.callvault.audit.VerifyResult;
import io.callvault.camel.CallvaultBeans;
import io.callvault.catalog.ErasureLedger;
import io.callvault.catalog.StatusQueries;
import io.callvault.catalog.SweepReports;
import io.callvault.policy.Purpose;
import io.callvault.retention.SweepAction;
import io.callvault.retention.SweepReport;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code ./callvault status [--json]}: one screen, from the catalog, as of now: per drop (as its last poll saw it)
 * the files waiting, the oldest one's age, quarantined files and the last successful poll; bad input reported
 * without a quarantine row (hidden files, refused reads, malformed CDR rows), by kind; per purpose the copies
 * stored today and in total, discarded, the next expiry and the copies under hold; the last sweep; erasures pending;
 * whether the audit trail verifies. In a running hub (through its control socket) or on the catalog directly.
 */
public final class StatusCommand {
  /** What status shows; also its JSON document. */
  record Status(Instant at, Map<String, Drop> drops, Map<String, Long> badInputs, Map<String, Purposes> purposes,
      long discardedRecordings, LastSweep lastSweep, Erasures erasures, Audit audit) {}

  record Drop(Integer filesWaiting, Long oldestWaitingSeconds, long quarantined, Instant lastPoll) {}

  record Purposes(long storedToday, long stored, long discarded, Instant nextExpiry, long underHold) {}

  record LastSweep(String id, Instant finishedAt, boolean dryRun, Map<String, Long> actions, List<String> errors) {}

  record Erasures(long pending, Instant oldestSince) {}

  record Audit(boolean verifies, long entries, String detail) {}

  private final PrintStream out;

  StatusCommand(PrintStream out) {
    this.out = out;
  }

  int run(List<String> args, CallvaultBeans beans) throws Exception {
    Status status = collect(beans, Clock.systemUTC().instant());
    if (args.contains("--json")) {
      out.println(json().writeValueAsString(status));
    } else {
      out.print(render(status));
    }
    return status.audit().verifies() ? 0 : 1;
  }

  static ObjectMapper json() {
    return new ObjectMapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** What {@code status --json} shows, as of {@code now}, for the API ({@code GET /api/status}, the console). */
  public static Object snapshot(CallvaultBeans beans, Instant now) {
    return collect(beans, now);
  }

  static Status collect(CallvaultBeans beans, Instant now) {
    StatusQueries q = new StatusQueries(beans.catalog());
    Map<String, StatusQueries.DropPoll> polls = q.drops();
    Map<String, Long> quarantined = q.quarantined();
    Map<String, Drop> drops = new LinkedHashMap<>();
    for (String source : new TreeSet<>(union(polls.keySet(), quarantined.keySet()))) {
      StatusQueries.DropPoll p = polls.get(source);
      drops.put(source, new Drop(p == null ? null : p.filesWaiting(), p == null || p.oldestWaitingAt() == null ? null
          : Duration.between(p.oldestWaitingAt(), now).toSeconds(), quarantined.getOrDefault(source, 0L),
          p == null ? null : p.lastPollAt()));
    }
    Map<String, StatusQueries.PurposeCounts> counts = q.purposes(now.truncatedTo(ChronoUnit.DAYS));
    Map<String, Purposes> purposes = new LinkedHashMap<>();
    List<String> names = beans.policies().purposes().stream().map(Purpose::name).toList();
    for (String p : new java.util.LinkedHashSet<>(union(names, counts.keySet()))) {
      StatusQueries.PurposeCounts c = counts.getOrDefault(p, new StatusQueries.PurposeCounts(0, 0, 0, null, 0));
      purposes.put(p, new Purposes(c.storedToday(), c.stored(), c.discarded(), c.nextExpiry(), c.underHold()));
    }
    ErasureLedger.Backlog backlog = new ErasureLedger(beans.catalog()).backlog();
    VerifyResult verify = beans.auditAnchors().verify();
    return new Status(now, drops, q.badInputs(), purposes, q.discardedRecordings(), lastSweep(beans),
        new Erasures(backlog.pending(), backlog.oldestSince().orElse(null)),
        new Audit(verify.intact(), verify.entriesChecked(), verify.describe()));
  }

  private static LastSweep lastSweep(CallvaultBeans beans) {
    return new SweepReports(beans.catalog()).latest().map(r -> {
      Map<String, Long> actions = new LinkedHashMap<>();
      for (SweepAction a : SweepAction.values()) {
        actions.put(a.word(), r.total(a));
      }
      return new LastSweep(r.id(), r.finishedAt(), r.dryRun(), actions, r.errors());
    }).orElse(null);
  }

  private static <T> java.util.Collection<T> union(java.util.Collection<T> a, java.util.Collection<T> b) {
    java.util.List<T> all = new java.util.ArrayList<>(a);
    b.stream().filter(x -> !all.contains(x)).forEach(all::add);
    return all;
  }

  /** For a person: one line per drop and per purpose. */
  static String render(Status s) {
    StringBuilder b = new StringBuilder("callvault status at " + s.at().truncatedTo(ChronoUnit.SECONDS) + "\n");
    b.append("drops (as each one's last poll saw it):\n");
    if (s.drops().isEmpty()) {
      b.append("  none polled yet\n");
    }
    s.drops().forEach((source, d) -> b.append(String.format("  %-16s waiting %s, oldest %s, quarantined %d, last poll %s%n",
        source, d.filesWaiting() == null ? "?" : d.filesWaiting(), age(d.oldestWaitingSeconds()), d.quarantined(),
        d.lastPoll() == null ? "never" : d.lastPoll().truncatedTo(ChronoUnit.SECONDS) + " ("
            + age(Duration.between(d.lastPoll(), s.at()).toSeconds()) + " ago)")));
    b.append("bad input reported without a quarantine row (all drops, in total): ").append(s.badInputs().isEmpty()
        ? "none" : String.join(", ", s.badInputs().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
            .toList())).append('\n');
    b.append("purposes:\n");
    s.purposes().forEach((p, c) -> b.append(String.format(
        "  %-16s stored today %d, total %d; discarded %d; next expiry %s; under hold %d%n", p, c.storedToday(),
        c.stored(), c.discarded(), c.nextExpiry() == null ? "-" : c.nextExpiry().truncatedTo(ChronoUnit.DAYS)
            .toString().substring(0, 10), c.underHold())));
    b.append("recordings discarded (no purpose granted): ").append(s.discardedRecordings()).append('\n');
    b.append("last sweep: ").append(sweep(s.lastSweep())).append('\n');
    b.append("erasures pending: ").append(s.erasures().pending()).append(s.erasures().oldestSince() == null ? ""
        : " (oldest since " + s.erasures().oldestSince().truncatedTo(ChronoUnit.SECONDS) + ")").append('\n');
    b.append(s.audit().detail()).append('\n');
    return b.toString();
  }

  private static String sweep(LastSweep w) {
    if (w == null) {
      return "none yet";
    }
    StringBuilder b = new StringBuilder(w.id() + (w.dryRun() ? " (dry run)" : "") + ", finished "
        + w.finishedAt().truncatedTo(ChronoUnit.SECONDS) + ":");
    w.actions().forEach((k, n) -> b.append(' ').append(k).append(' ').append(n).append(','));
    b.append(' ').append(w.errors().size()).append(" error(s)");
    w.errors().forEach(e -> b.append("\n    error: ").append(e));
    return b.toString();
  }

  private static String age(Long seconds) {
    if (seconds == null) {
      return "-";
    }
    Duration d = Duration.ofSeconds(Math.max(0, seconds));
    return d.toHours() > 0 ? d.toHours() + "h" + d.toMinutesPart() + "m" : d.toMinutes() > 0
        ? d.toMinutes() + "m" + d.toSecondsPart() + "s" : d.toSeconds() + "s";
  }
}
