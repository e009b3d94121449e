package io.callvault.catalog;

import io.callvault.health.Dependencies;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Opens the hub's catalog, waiting for a database that cannot be reached yet (a PostgreSQL container still
 * starting, a network blip) for up to {@code maxWait}, retrying with backoff (1 s doubling to 15 s). The
 * catalog stays "down" in {@link Dependencies} meanwhile, logged once. A hub can do nothing without its catalog
 * (it could neither claim a file durably nor audit), so it does not start without one: after {@code maxWait}
 * the last {@link CatalogUnavailableException} is thrown, and the command exits with code 75 (a temporary
 * failure) for systemd or Kubernetes to restart it. Configuration errors (wrong password, no such database,
 * an H2 file in use) are thrown at once.
 */
public final class CatalogStartup {
  /** Waits between two tries; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(15);

  private final Dependencies dependencies;
  private final Clock clock;
  private final Sleeper sleeper;

  public CatalogStartup(Dependencies dependencies, Clock clock, Sleeper sleeper) {
    this.dependencies = Objects.requireNonNull(dependencies, "dependencies");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  /** Opens (creating or migrating) the catalog, waiting up to {@code maxWait} for an unreachable database. */
  public Catalog open(CatalogSettings settings, Duration maxWait) {
    Instant deadline = clock.instant().plus(maxWait);
    Duration backoff = FIRST_BACKOFF;
    while (true) {
      try {
        Catalog catalog = Catalog.open(settings);
        dependencies.up("catalog");
        return catalog;
      } catch (CatalogUnavailableException e) {
        dependencies.down("catalog", e.getMessage() + "; waiting up to " + maxWait + " (catalog.start-wait)");
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.isNegative() || left.isZero()) {
          throw new CatalogUnavailableException(e.getMessage() + ". Waited " + maxWait + " (catalog.start-wait);"
              + " the hub does not start without its catalog", e);
        }
        pause(backoff.compareTo(left) < 0 ? backoff : left);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) < 0 ? backoff.multipliedBy(2) : MAX_BACKOFF;
      }
    }
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogUnavailableException("interrupted while waiting for the catalog database", e);
    }
  }
}
