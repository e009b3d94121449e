package io.callvault.consent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a consent flag whose configured path finds nothing in any of the CRM's answers: a wrong pointer turns
 * every "yes" into "unknown" without an error, so after {@value #WARN_AFTER} answers in a row (of records the CRM
 * knows) without the flag, it is logged once, naming the setting and its path (never an answer or a subject). The
 * count starts again when the flag is found.
 */
final class AbsentFlags {
  private static final Logger LOG = LoggerFactory.getLogger(AbsentFlags.class);
  static final int WARN_AFTER = 50;

  private final Map<String, AtomicInteger> missesInARow = new ConcurrentHashMap<>();

  /**
   * Records whether {@code flag}'s path found a value in one answer; answers whether this answer is the one that
   * makes it worth a warning (exactly the {@value #WARN_AFTER}th miss in a row).
   */
  boolean seen(String flag, String path, boolean found) {
    AtomicInteger misses = missesInARow.computeIfAbsent(flag, f -> new AtomicInteger());
    if (found) {
      misses.set(0);
      return false;
    }
    if (misses.incrementAndGet() != WARN_AFTER) {
      return false;
    }
    LOG.warn("consent.http.flag.{} ({}) found nothing in the last {} CRM answers: each of them reads as unknown"
        + " for '{}', which is not consent; check the path against a real answer of the CRM", flag,
        path, WARN_AFTER, flag);
    return true;
  }
}
