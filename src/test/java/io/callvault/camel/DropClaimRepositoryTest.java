package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The drop claims of several hubs on one PostgreSQL catalog: each hub is a repository of its own here. */
class DropClaimRepositoryTest {
  static final Duration MAX_AGE = Duration.ofMillis(1500);
  static final Duration KEEP_ALIVE = Duration.ofMillis(300);

  private Catalog catalog;
  private final List<DefaultCamelContext> contexts = new ArrayList<>();
  private final List<DropClaimRepository> hubs = new ArrayList<>();

  @BeforeEach
  void catalog() {
    catalog = Catalog.open(TestPostgres.get().freshSchema());
  }

  @AfterEach
  void close() throws Exception {
    hubs.forEach(DropClaimRepository::shutdown);
    for (DefaultCamelContext c : contexts) {
      c.close();
    }
    catalog.close();
  }

  private DropClaimRepository hub() {
    DefaultCamelContext context = new DefaultCamelContext();
    context.start();
    contexts.add(context);
    DropClaimRepository repository = new DropClaimRepository(catalog.dataSource(), context, MAX_AGE, KEEP_ALIVE);
    repository.start();
    hubs.add(repository);
    return repository;
  }

  @Test
  void aRecordingClaimedByOneHubIsRefusedToAnotherUntilReleased() {
    DropClaimRepository a = hub();
    DropClaimRepository b = hub();
    assertThat(a.add("f_1")).isTrue();
    assertThat(b.add("f_1")).as("claimed by a").isFalse();
    assertThat(a.add("f_1")).as("a claim is not made twice, by its own hub either").isFalse();
    assertThat(b.add("f_2")).as("another file").isTrue();
    a.remove("f_1");
    assertThat(b.add("f_1")).as("released").isTrue();
  }

  @Test
  @Timeout(30)
  void aClaimItsHubRenewsIsNeverTakenOverEvenWellPastTheMaxAge() throws Exception {
    DropClaimRepository a = hub();
    DropClaimRepository b = hub();
    assertThat(a.add("f_1")).isTrue();
    Thread.sleep(MAX_AGE.multipliedBy(3).toMillis());
    assertThat(b.add("f_1")).as("a still renews its claim").isFalse();
  }

  @Test
  @Timeout(30)
  void anOrphanClaimIsTakenOverByOneHubOnlyAndItsNewOwnerKeepsItAlive() throws Exception {
    DropClaimRepository dead = hub();
    assertThat(dead.add("f_1")).isTrue();
    dead.shutdown(); // killed: no more renewals, no release
    DropClaimRepository b = hub();
    assertThat(b.add("f_1")).as("the claim is not an orphan yet").isFalse();
    Thread.sleep(MAX_AGE.plusMillis(300).toMillis());
    List<DropClaimRepository> racers = List.of(b, hub(), hub(), hub());
    ExecutorService pool = Executors.newFixedThreadPool(racers.size());
    try {
      List<Callable<Boolean>> claims = racers.stream().<Callable<Boolean>>map(r -> () -> r.add("f_1")).toList();
      long winners = 0;
      for (Future<Boolean> f : pool.invokeAll(claims)) {
        winners += f.get() ? 1 : 0;
      }
      assertThat(winners).as("hubs that took the orphan over").isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    DropClaimRepository owner = racers.stream().filter(r -> r.held().contains("f_1")).findFirst().orElseThrow();
    Thread.sleep(MAX_AGE.multipliedBy(2).toMillis());
    DropClaimRepository late = hub();
    assertThat(late.add("f_1")).as("the new owner renews the claim it took over").isFalse();
    owner.remove("f_1");
    assertThat(late.add("f_1")).isTrue();
  }
}
