package io.callvault.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Audits requests refused before anyone was authenticated (no or a bad credential, a bad webhook
 * signature) without letting a flood of them write one audit entry each: every audit entry takes the
 * trail's head lock, which the ingest needs too.
 *
 * <p>The first refusal of a kind (same actor, operation and reason) in a window is written at once; the
 * others in that window are counted, and the count is written as one entry ("N more ...") with the next
 * refusal of that kind after the window, or by {@link #flush()} (the hub calls it when it stops). No
 * refusal goes unrecorded; a flood costs one entry per kind and window.
 */
public final class DeniedRequestLog {
  /** Where the entries go: the audit trail. */
  @FunctionalInterface
  public interface Sink {
    void append(String actor, String target, String reason);
  }

  private record Kind(String actor, String target, String reason) {}

  private static final class Window {
    Instant start;
    long suppressed;
  }

  private final Sink sink;
  private final Clock clock;
  private final Duration window;
  private final Map<Kind, Window> windows = new HashMap<>();

  public DeniedRequestLog(Sink sink, Clock clock, Duration window) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (window.isNegative()) {
      throw new IllegalArgumentException("window must not be negative");
    }
    this.window = window;
  }

  /** Records one refused request. */
  public void denied(String actor, String target, String reason) {
    Kind kind = new Kind(actor, target, reason);
    Instant now = clock.instant();
    long summary = 0;
    Instant since = null;
    synchronized (windows) {
      Window w = windows.get(kind);
      if (w != null && now.isBefore(w.start.plus(window))) {
        w.suppressed++;
        return;
      }
      if (w == null) {
        w = new Window();
        windows.put(kind, w);
      } else {
        summary = w.suppressed;
        since = w.start;
      }
      w.start = now;
      w.suppressed = 0;
      if (windows.size() > 10_000) {
        // kinds are few (operations x reasons); this only bounds memory against odd actors
        windows.entrySet().removeIf(e -> e.getValue().suppressed == 0 && e.getKey() != kind);
      }
    }
    if (summary > 0) {
      sink.append(actor, target, summaryReason(reason, summary, since));
    }
    sink.append(actor, target, reason);
  }

  /** Writes the counts not yet written. */
  public void flush() {
    List<Map.Entry<Kind, Long>> pending = new ArrayList<>();
    List<Instant> starts = new ArrayList<>();
    synchronized (windows) {
      for (Map.Entry<Kind, Window> e : windows.entrySet()) {
        if (e.getValue().suppressed > 0) {
          pending.add(Map.entry(e.getKey(), e.getValue().suppressed));
          starts.add(e.getValue().start);
          e.getValue().suppressed = 0;
        }
      }
    }
    for (int i = 0; i < pending.size(); i++) {
      Kind k = pending.get(i).getKey();
      sink.append(k.actor(), k.target(), summaryReason(k.reason(), pending.get(i).getValue(), starts.get(i)));
    }
  }

  private static String summaryReason(String reason, long count, Instant since) {
    return count + " more since " + since + ": " + reason;
  }
}
