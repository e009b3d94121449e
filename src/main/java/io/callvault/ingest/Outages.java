package io.callvault.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which dependencies of the ingest are down, since when, and how many files waited for them. An outage is
 * logged once when it starts and once when it ends, however many files meet it meanwhile. Thread-safe.
 */
public final class Outages {
  private static final Logger LOG = LoggerFactory.getLogger(Outages.class);

  /** A dependency that is down: since when, the last reason, and the files deferred meanwhile. */
  public record Outage(Instant since, String reason, long filesDeferred) {}

  private final Clock clock;
  private final Map<String, Outage> down = new ConcurrentHashMap<>();

  public Outages(Clock clock) {
    this.clock = clock;
  }

  /** A file met {@code dependency} down; the first one of an outage logs it. */
  public void down(String dependency, String reason) {
    Outage before = down.compute(dependency, (d, o) -> o == null
        ? new Outage(clock.instant(), reason, 1) : new Outage(o.since(), reason, o.filesDeferred() + 1));
    if (before.filesDeferred() == 1) {
      LOG.warn("{} is unavailable ({}): files stay in the drop and are retried; this does not count as a failed"
          + " attempt of any file", dependency, reason);
    }
  }

  /** {@code dependency} answered; ends its outage, if any, with one log line. */
  public void up(String dependency) {
    Outage ended = down.remove(dependency);
    if (ended != null) {
      LOG.info("{} is available again after {} s; {} file(s) waited for it", dependency,
          Duration.between(ended.since(), clock.instant()).toSeconds(), ended.filesDeferred());
    }
  }

  /** The current outage of {@code dependency}, if it is down. */
  public Optional<Outage> of(String dependency) {
    return Optional.ofNullable(down.get(dependency));
  }

  /** Every dependency that is down now. */
  public Map<String, Outage> all() {
    return Map.copyOf(down);
  }
}
