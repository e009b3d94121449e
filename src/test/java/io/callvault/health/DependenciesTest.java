package io.callvault.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import io.callvault.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DependenciesTest {
  private static final Instant T0 = Instant.parse("2024-03-15T10:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final Dependencies dependencies = new Dependencies(clock);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(Dependencies.class)).addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    ((Logger) LoggerFactory.getLogger(Dependencies.class)).detachAppender(logs);
  }

  @Test
  void goingDownAndComingBackAreLoggedOnceEachWithSinceWhen() {
    Dependencies.Check down = () -> {
      throw new DependencyDownException("S3 at http://minio:9000 (s3.endpoint) cannot be reached");
    };

    assertThat(dependencies.check("s3", down)).isFalse();
    clock.advance(Duration.ofSeconds(30));
    dependencies.check("s3", down);
    clock.advance(Duration.ofSeconds(30));
    dependencies.check("s3", down);

    assertThat(dependencies.state("s3")).get().satisfies(s -> {
      assertThat(s.up()).isFalse();
      assertThat(s.since()).isEqualTo(T0);
      assertThat(s.checkedAt()).isEqualTo(T0.plusSeconds(60));
      assertThat(s.detail()).contains("s3.endpoint");
    });
    clock.advance(Duration.ofSeconds(30));
    assertThat(dependencies.check("s3", () -> { })).isTrue();
    dependencies.check("s3", () -> { });

    assertThat(dependencies.state("s3")).get().satisfies(s -> {
      assertThat(s.up()).isTrue();
      assertThat(s.since()).isEqualTo(T0.plusSeconds(90));
      assertThat(s.detail()).isNull();
    });
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .satisfiesExactly(
            down1 -> assertThat(down1).startsWith("s3 is down: S3 at http://minio:9000 (s3.endpoint)"),
            back -> assertThat(back).startsWith("s3 is back after PT1M30S"));
  }

  @Test
  void aConfigurationErrorIsThrownOnAndRecordsNothing() {
    Dependencies.Check misconfigured = () -> {
      throw new ConfigException(new ConfigProblem("application.properties", "s3.access-key", "refused", "fix it"));
    };

    assertThatThrownBy(() -> dependencies.check("s3", misconfigured)).isInstanceOf(ConfigException.class);
    assertThat(dependencies.state("s3")).isEmpty();
    assertThat(dependencies.allUp()).isTrue();
  }

  @Test
  void theWatchSeesADependencyComeBack() throws Exception {
    AtomicBoolean reachable = new AtomicBoolean(false);
    AtomicInteger checks = new AtomicInteger();
    Dependencies.Check check = () -> {
      checks.incrementAndGet();
      if (!reachable.get()) {
        throw new DependencyDownException("unreachable");
      }
    };
    dependencies.check("s3", check);

    try (DependencyWatch watch = new DependencyWatch(dependencies, Duration.ofMillis(20)).watch("s3", check)) {
      await(() -> checks.get() >= 3);
      assertThat(dependencies.isUp("s3")).isFalse();
      reachable.set(true);
      await(() -> dependencies.isUp("s3"));
    }
    assertThat(dependencies.allUp()).isTrue();
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.sleep(10);
    }
  }
}
