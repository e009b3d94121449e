package io.callvault.health;

import io.callvault.ingest.Redaction;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks dependencies again every {@code interval} on one daemon thread, so that one that was down at start
 * or went down later is seen coming back (and one that goes down is seen going). Outcomes go to
 * {@link Dependencies}, which logs the changes.
 */
public final class DependencyWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DependencyWatch.class);

  private final Dependencies dependencies;
  private final Duration interval;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "callvault-dependency-watch");
    t.setDaemon(true);
    return t;
  });

  public DependencyWatch(Dependencies dependencies, Duration interval) {
    this.dependencies = Objects.requireNonNull(dependencies, "dependencies");
    if (interval == null || interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("the dependency check interval must be positive");
    }
    this.interval = interval;
  }

  /** Checks {@code name} every interval from now on. */
  public DependencyWatch watch(String name, Dependencies.Check check) {
    long millis = interval.toMillis();
    timer.scheduleWithFixedDelay(() -> runOnce(name, check), millis, millis, TimeUnit.MILLISECONDS);
    return this;
  }

  private void runOnce(String name, Dependencies.Check check) {
    try {
      dependencies.check(name, check);
    } catch (RuntimeException e) {
      // at run time a configuration error (credentials revoked, bucket deleted) is an outage like any other
      dependencies.down(name, Redaction.reason(e));
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
