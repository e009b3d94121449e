package io.callvault.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeniedRequestLogTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  private final List<String> entries = Collections.synchronizedList(new ArrayList<>());
  private final MutableClock clock = new MutableClock(T0);
  private final DeniedRequestLog log = new DeniedRequestLog(
      (actor, target, reason) -> entries.add(actor + " " + target + " " + reason), clock, Duration.ofMinutes(1));

  @Test
  void aFloodOfRefusalsWritesOneEntryAndThenItsCountNotOneEntryEach() {
    for (int i = 0; i < 1000; i++) {
      log.denied("anonymous", "subject-export", "401: no valid credential");
    }
    assertThat(entries).containsExactly("anonymous subject-export 401: no valid credential");

    clock.set(T0.plusSeconds(61));
    log.denied("anonymous", "subject-export", "401: no valid credential");

    assertThat(entries).containsExactly(
        "anonymous subject-export 401: no valid credential",
        "anonymous subject-export 999 more since 2026-11-28T10:00:00Z: 401: no valid credential",
        "anonymous subject-export 401: no valid credential");
  }

  @Test
  void eachKindOfRefusalIsWrittenAtOnceTheFirstTime() {
    log.denied("anonymous", "holds-list", "401: no valid credential");
    log.denied("anonymous", "audit-export", "401: no valid credential");
    log.denied("crm-webhook", "consent-event", "401: bad or missing signature");

    assertThat(entries).hasSize(3);
  }

  @Test
  void flushWritesTheCountsStillPendingAndNothingTwice() {
    log.denied("anonymous", "holds-list", "401: no valid credential");
    log.denied("anonymous", "holds-list", "401: no valid credential");
    log.denied("anonymous", "holds-list", "401: no valid credential");

    log.flush();
    log.flush();

    assertThat(entries).containsExactly("anonymous holds-list 401: no valid credential",
        "anonymous holds-list 2 more since 2026-11-28T10:00:00Z: 401: no valid credential");
  }

  @Test
  void noRefusalIsLostWhenManyThreadsAreRefusedAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int i = 0; i < 8000; i++) {
      pool.submit(() -> log.denied("anonymous", "holds-list", "401: no valid credential"));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    log.flush();

    long counted = entries.stream()
        .mapToLong(e -> e.contains(" more since ") ? Long.parseLong(e.split(" ")[2]) : 1)
        .sum();
    assertThat(counted).isEqualTo(8000);
    assertThat(entries).hasSize(2);
  }

  @Test
  void aZeroWindowWritesEveryRefusal() {
    DeniedRequestLog everyOne = new DeniedRequestLog(
        (actor, target, reason) -> entries.add(reason), clock, Duration.ZERO);
    for (int i = 0; i < 5; i++) {
      everyOne.denied("anonymous", "holds-list", "401: no valid credential");
    }
    assertThat(entries).hasSize(5);
  }
}
