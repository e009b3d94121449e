package io.callvault.health;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The hub's own metrics, in a Micrometer registry (Camel's Prometheus registry on the hub, scraped at
 * {@code /observe/metrics}). Names follow Micrometer's dotted style; Prometheus shows them with underscores and a
 * {@code _total} suffix on counters. Labels carry source ids, purpose names, steps and kinds: never a file name,
 * a phone number or a subject.
 */
public final class HubMetrics {
  /** Metrics that go nowhere (commands, unit tests). */
  public static final HubMetrics NONE = new HubMetrics(new CompositeMeterRegistry(), Clock.systemUTC());

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, AtomicLong> oldestWaiting = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastPoll = new ConcurrentHashMap<>();
  private final java.util.List<Supplier<Number>> readers = new java.util.concurrent.CopyOnWriteArrayList<>();

  public HubMetrics(MeterRegistry registry, Clock clock) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** A recording's outcome: {@code ingested} (one per stored copy, by purpose), {@code discarded} or {@code quarantined}. */
  public void recording(String source, String purpose, String outcome) {
    Counter.builder("callvault.recordings").description("Recordings by source, purpose and outcome")
        .tag("source", source).tag("purpose", purpose).tag("outcome", outcome).register(registry).increment();
  }

  /** Bytes of ciphertext stored in S3 for a purpose. */
  public void storedBytes(String source, String purpose, long bytes) {
    Counter.builder("callvault.stored.bytes").description("Bytes stored in S3 (ciphertext), by source and purpose")
        .baseUnit("bytes").tag("source", source).tag("purpose", purpose).register(registry).increment(bytes);
  }

  /** A failed attempt at a drop file: the step it had not finished, and the kind (infrastructure, bad-file, other). */
  public void failure(String step, String kind) {
    Counter.builder("callvault.failures").description("Ingest failures by step and kind")
        .tag("step", step).tag("kind", kind).register(registry).increment();
  }

  /**
   * Bad input counted since the hub started that has no quarantine row of its own (hidden files, refused opens,
   * malformed CDR rows, recordings that lost their CDR row), by kind: gauges reading {@code count}.
   */
  public void badInputs(java.util.List<String> kinds, java.util.function.ToLongFunction<String> count) {
    for (String kind : kinds) {
      Gauge.builder("callvault.bad.inputs", () -> count.applyAsLong(kind))
          .description("Bad input counted since the hub started, by kind").tag("kind", kind).register(registry);
    }
  }

  /** A consent answer by status (GRANTED, DENIED, UNKNOWN per flag asked; UNAVAILABLE when the source did not answer). */
  public void consentAnswer(String status) {
    Counter.builder("callvault.consent.answers").description("Consent answers by status")
        .tag("status", status).register(registry).increment();
  }

  /** A consent question answered from the cache (hit) or from the source (miss). */
  public void consentCache(boolean hit) {
    Counter.builder("callvault.consent.cache").description("Consent questions by cache result")
        .tag("result", hit ? "hit" : "miss").register(registry).increment();
  }

  /** What one retention sweep did, by kind of action. */
  public void sweepActions(Map<String, Long> byKind) {
    byKind.forEach((kind, n) -> Counter.builder("callvault.sweep.actions").description("Retention sweep actions by kind")
        .tag("kind", kind).register(registry).increment(n));
  }

  /**
   * The oldest file waiting in a drop as of its last listing (null: none waiting); its age is the gauge
   * {@code callvault.drop.oldest.waiting.seconds}.
   */
  public void oldestWaiting(String source, Instant oldest) {
    AtomicLong millis = oldestWaiting.computeIfAbsent(source, s -> {
      AtomicLong holder = new AtomicLong(-1);
      Gauge.builder("callvault.drop.oldest.waiting", holder, h -> h.get() < 0 ? 0 : (clock.millis() - h.get()) / 1000.0)
          .description("Age of the oldest file waiting in the drop, as of its last listing").baseUnit("seconds")
          .tag("source", s).register(registry);
      return holder;
    });
    millis.set(oldest == null ? -1 : oldest.toEpochMilli());
  }

  /** A successful poll of a drop; the gauge {@code callvault.drop.last.poll.seconds} is its time (epoch seconds). */
  public void polled(String source) {
    lastPoll.computeIfAbsent(source, s -> {
      AtomicLong holder = new AtomicLong();
      Gauge.builder("callvault.drop.last.poll", holder, h -> h.get() / 1000.0)
          .description("When the drop was last polled successfully (epoch)").baseUnit("seconds")
          .tag("source", s).register(registry);
      return holder;
    }).set(clock.millis());
  }

  /** When a source was last polled successfully, if it was. */
  public java.util.Optional<Instant> lastPoll(String source) {
    AtomicLong t = lastPoll.get(source);
    return t == null ? java.util.Optional.empty() : java.util.Optional.of(Instant.ofEpochMilli(t.get()));
  }

  /** A value read when scraped (erasures pending, the audit head); a failing read shows NaN. */
  public void gauge(String name, String description, Supplier<Number> value) {
    readers.add(value); // Micrometer holds a gauge's object weakly
    Gauge.builder(name, value, v -> {
      try {
        Number n = v.get();
        return n == null ? Double.NaN : n.doubleValue();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(HubMetrics.class).debug("metric {} cannot be read: {}", name, e.toString());
        return Double.NaN;
      }
    }).description(description).register(registry);
  }
}
