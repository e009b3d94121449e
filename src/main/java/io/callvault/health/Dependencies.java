package io.callvault.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's dependencies, up or down since when: what a health check reports, and what the ingest asks before
 * it claims a file. A change is logged once (WARN when one goes down, with what to check; INFO when it is back),
 * however often it is checked. Thread-safe.
 */
public final class Dependencies {
  private static final Logger LOG = LoggerFactory.getLogger(Dependencies.class);

  /** A check of one dependency: returns when it is up, throws {@link DependencyDownException} when it is down. */
  @FunctionalInterface
  public interface Check {
    void run();
  }

  /** The dependencies without which no recording is claimed (see the PBX sources' drop filter). */
  public static final java.util.Set<String> BLOCKING = java.util.Set.of("s3", "catalog");

  private final Clock clock;
  private final Map<String, DependencyState> states = new ConcurrentHashMap<>();

  public Dependencies(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs {@code check} and records its outcome. A {@link DependencyDownException} marks it down; any other
   * exception (a configuration error) is thrown on, and leaves the state as it was.
   *
   * @return whether it is up
   */
  public boolean check(String name, Check check) {
    try {
      check.run();
    } catch (DependencyDownException e) {
      down(name, e.getMessage());
      return false;
    }
    up(name);
    return true;
  }

  /** Records that {@code name} answered. */
  public void up(String name) {
    Instant now = clock.instant();
    DependencyState before = states.get(name);
    if (before != null && !before.up()) {
      LOG.info("{} is back after {} down; work that waited for it resumes", name,
          Duration.between(before.since(), now).withNanos(0));
    }
    boolean changed = before == null || !before.up();
    states.put(name, new DependencyState(name, true, changed ? now : before.since(), null, now));
  }

  /** Records that {@code name} cannot be used, and why (with what to check). */
  public void down(String name, String detail) {
    Instant now = clock.instant();
    DependencyState before = states.get(name);
    boolean changed = before == null || before.up();
    if (changed) {
      LOG.warn("{} is down: {}. {}", name, detail, whatWaits(name));
    }
    states.put(name, new DependencyState(name, false, changed ? now : before.since(), detail, now));
  }

  /** What the hub does while {@code name} is down: the ingest claims nothing without S3 and the catalog. */
  private static String whatWaits(String name) {
    return switch (name) {
      case "s3", "catalog" -> "No recording is claimed from the drops (they stay where they are) until it is back;"
          + " it is checked again, and logged when it is back";
      case "consent" -> "Copies that need consent wait, their recordings stay in the drop, and later files ask again"
          + " (consent.circuit.*); logged when it answers";
      default -> "The files that need it stay in the drop, uncounted, and are tried again at the next poll; logged"
          + " when it is back";
    };
  }

  /** True unless {@code name} is known to be down (a dependency never checked counts as up). */
  public boolean isUp(String name) {
    DependencyState s = states.get(name);
    return s == null || s.up();
  }

  /** True when no dependency is known to be down. */
  public boolean allUp() {
    return states.values().stream().allMatch(DependencyState::up);
  }

  public Optional<DependencyState> state(String name) {
    return Optional.ofNullable(states.get(name));
  }

  /** Every dependency checked so far, by name. */
  public List<DependencyState> all() {
    List<DependencyState> out = new ArrayList<>(states.values());
    out.sort(java.util.Comparator.comparing(DependencyState::name));
    return out;
  }
}
