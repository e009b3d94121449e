package io.callvault.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a consent source with a bounded per-subject cache (LRU, entries live for {@code ttl}). Failures are
 * never cached; an unknown subject (an answer without flags) is. Retries and the circuit breaker are the
 * ingest route's (routes/ingest.camel.yaml, consent.retry.*, consent.circuit.*).
 */
public final class CachingConsentLookup implements ConsentSource {
  private static final Logger LOG = LoggerFactory.getLogger(CachingConsentLookup.class);
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  private final ConsentSource delegate;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Entry> cache;
  private volatile java.util.function.Consumer<Boolean> cacheListener = hit -> { };

  public CachingConsentLookup(
      ConsentSource delegate, Duration ttl, int maxEntries, Clock clock) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must not be negative");
    }
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1");
    }
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /** Real clock, {@link #DEFAULT_MAX_ENTRIES} entries. */
  public CachingConsentLookup(ConsentSource delegate, Duration ttl) {
    this(delegate, ttl, DEFAULT_MAX_ENTRIES, Clock.systemUTC());
  }

  @Override
  public ConsentAnswer lookup(String subject) throws ConsentUnavailableException {
    Instant now = clock.instant();
    synchronized (cache) {
      Entry hit = cache.get(subject);
      if (hit != null) {
        if (now.isBefore(hit.expires)) {
          cacheListener.accept(true);
          return hit.answer;
        }
        cache.remove(subject);
      }
    }
    cacheListener.accept(false);
    ConsentAnswer answer = delegate.lookup(subject);
    if (!ttl.isZero()) {
      synchronized (cache) {
        cache.put(subject, new Entry(answer, clock.instant().plus(ttl)));
      }
    }
    return answer;
  }

  /** Told of every question: true when the cache answered it, false when the source is asked (metrics). */
  public void onCacheResult(java.util.function.Consumer<Boolean> listener) {
    this.cacheListener = Objects.requireNonNull(listener, "listener");
  }

  /** Forgets every cached answer (e.g. after a consent withdrawal was recorded). */
  public void invalidateAll() {
    synchronized (cache) {
      cache.clear();
    }
  }

  /** Forgets one subject's cached answer. */
  public void invalidate(String subject) {
    synchronized (cache) {
      cache.remove(subject);
    }
  }

  int cachedEntries() {
    synchronized (cache) {
      return cache.size();
    }
  }

  @Override
  public String toString() {
    return "CachingConsentLookup[" + delegate + ", ttl=" + ttl + "]";
  }

  private record Entry(ConsentAnswer answer, Instant expires) {}
}
