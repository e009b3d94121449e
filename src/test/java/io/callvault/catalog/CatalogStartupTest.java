package io.callvault.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.callvault.health.Dependencies;
import io.callvault.testing.MutableClock;
import io.callvault.testing.TcpForwarder;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hub's catalog at start when PostgreSQL cannot be reached: it waits, then gives up naming catalog.url. */
class CatalogStartupTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2024-03-15T10:00:00Z"));
  private final Dependencies dependencies = new Dependencies(clock);
  private final List<Duration> waits = new ArrayList<>();

  @Test
  void aDatabaseThatComesUpWhileTheHubWaitsIsOpenedAndReportedUp() throws Exception {
    TestPostgres pg = TestPostgres.get();
    CatalogSettings real = pg.freshSchema();
    int port = closedPort();
    URI target = URI.create(real.jdbcUrl().substring("jdbc:".length()));
    CatalogSettings viaPort = new CatalogSettings(real.jdbcUrl().replace(":" + target.getPort() + "/", ":" + port + "/"),
        real.user(), real.password());
    try (TcpForwarder forwarder = new TcpForwarder(port, target.getHost(), target.getPort())) {
      CatalogStartup startup = new CatalogStartup(dependencies, clock, d -> {
        waits.add(d);
        assertThat(dependencies.state("catalog")).get().satisfies(s -> {
          assertThat(s.up()).isFalse();
          assertThat(s.detail()).contains("catalog.url").contains("127.0.0.1:" + port);
        });
        clock.advance(d);
        if (waits.size() == 2) {
          try {
            forwarder.start(); // the database is up now
          } catch (java.io.IOException e) {
            throw new AssertionError(e);
          }
        }
      });

      try (Catalog catalog = startup.open(viaPort, Duration.ofMinutes(2))) {
        assertThat(catalog.quarantined()).isEmpty();
      }
    }
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(dependencies.state("catalog")).get().satisfies(s -> {
      assertThat(s.up()).isTrue();
      assertThat(s.since()).isEqualTo(Instant.parse("2024-03-15T10:00:03Z"));
    });
  }

  @Test
  void aDatabaseThatStaysDownEndsTheWaitWithAMessageNamingCatalogUrl() throws Exception {
    int port = closedPort();
    CatalogSettings settings = new CatalogSettings("jdbc:postgresql://127.0.0.1:" + port + "/callvault?password=s3cret",
        "callvault", null);
    CatalogStartup startup = new CatalogStartup(dependencies, clock, d -> {
      waits.add(d);
      clock.advance(d);
    });

    CatalogUnavailableException e = catchThrowableOfType(CatalogUnavailableException.class,
        () -> startup.open(settings, Duration.ofSeconds(20)));

    assertThat(e.getMessage()).contains("catalog.url").contains("127.0.0.1:" + port).contains("catalog.start-wait")
        .doesNotContain("s3cret");
    assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofSeconds(8), Duration.ofSeconds(5));
    assertThat(dependencies.isUp("catalog")).isFalse();
  }

  @Test
  void aMissingDatabaseIsAConfigurationErrorAndIsNotWaitedFor() {
    TestPostgres pg = TestPostgres.get();
    CatalogSettings settings = new CatalogSettings(pg.jdbcUrl().replace("/postgres", "/no_such_database"),
        pg.user(), pg.password());
    CatalogStartup startup = new CatalogStartup(dependencies, clock, waits::add);

    CatalogException e = catchThrowableOfType(CatalogException.class, () -> startup.open(settings, Duration.ofMinutes(2)));

    assertThat(e).isNotInstanceOf(CatalogUnavailableException.class);
    assertThat(e.getMessage()).contains("catalog.url").contains("catalog.user");
    assertThat(waits).isEmpty();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
