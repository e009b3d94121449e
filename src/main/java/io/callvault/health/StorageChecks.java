package io.callvault.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage targets' bucket checks run as one: the dependency {@code s3} (which stops the claims while any target
 * is down) is up only when every target is, and the outcome of each target is kept here, so that the health checks
 * name the target that is down. Each target's buckets are checked once per run; no probe of its own.
 */
public final class StorageChecks implements Dependencies.Check {
  private final Map<String, Dependencies.Check> byTarget;
  private final Map<String, String> down = new ConcurrentHashMap<>();
  private final Map<String, Boolean> checked = new ConcurrentHashMap<>();

  /** @param byTarget each storage target's bucket check, by target name */
  public StorageChecks(Map<String, Dependencies.Check> byTarget) {
    this.byTarget = new LinkedHashMap<>(byTarget);
  }

  /** Checks every target; throws the first target's {@link DependencyDownException} when any is down. */
  @Override
  public void run() {
    DependencyDownException first = null;
    for (Map.Entry<String, Dependencies.Check> e : byTarget.entrySet()) {
      try {
        e.getValue().run();
        down.remove(e.getKey());
      } catch (DependencyDownException d) {
        down.put(e.getKey(), d.getMessage());
        first = first == null ? d : first;
      } finally {
        checked.put(e.getKey(), true);
      }
    }
    if (first != null) {
      throw first;
    }
  }

  public java.util.Set<String> targets() {
    return byTarget.keySet();
  }

  /** Empty when the target's last check found it up; else why it is down; null before it was ever checked. */
  public Optional<String> downReason(String target) {
    if (!checked.containsKey(target)) {
      return null;
    }
    return Optional.ofNullable(down.get(target));
  }
}
