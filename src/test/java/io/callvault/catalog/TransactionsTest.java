package io.callvault.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The catalog's one transaction helper: what it retries, how it rolls back, how it names a failure. */
@Timeout(60)
class TransactionsTest {

  @TempDir Path dir;
  Catalog catalog;
  Transactions transactions;

  @BeforeEach
  void open() {
    // a short lock timeout, so that a transaction waiting for a held row gives up (HYT00) within the test
    catalog = Catalog.open(new CatalogSettings("jdbc:h2:file:" + dir.resolve("callvault") + ";LOCK_TIMEOUT=200",
        null, null));
    transactions = catalog.transactions();
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void aConflictRollsBackAndRunsTheWholeWorkAgainCommittingItOnce() {
    AtomicInteger runs = new AtomicInteger();

    int result = transactions.write("count a failure", tx -> {
      insertFailure(tx, "ref-a");
      if (runs.incrementAndGet() == 1) {
        throw new SQLException("could not serialize access", "40001");
      }
      return runs.get();
    });

    assertThat(result).isEqualTo(2);
    assertThat(catalog.failuresOf("ref-a")).isEqualTo(1);
  }

  @Test
  void aRowLockedByAnotherTransactionPastH2sLockTimeoutIsWaitedOutByRunningTheWorkAgain() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch retrying = new CountDownLatch(1);
    CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> transactions.write("hold the head", tx -> {
      lockAuditHead(tx);
      locked.countDown();
      awaitOrFail(retrying); // the other gave up once and tries again
      return null;
    }));
    assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();

    transactions.write("lock the head too", tx -> {
      if (attempts.incrementAndGet() == 2) {
        retrying.countDown();
      }
      lockAuditHead(tx);
      return null;
    });

    holder.get(30, TimeUnit.SECONDS);
    assertThat(attempts).hasValueGreaterThanOrEqualTo(2);
  }

  @Test
  void conflictsThatNeverEndGiveUpAfterTheLastAttemptAsACatalogException() {
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(() -> transactions.write("count a failure", tx -> {
      runs.incrementAndGet();
      throw new SQLException("deadlock detected", "40P01");
    })).isExactlyInstanceOf(CatalogException.class)
        .hasMessageContaining("catalog: count a failure failed after " + Transactions.ATTEMPTS + " attempts");

    assertThat(runs).hasValue(Transactions.ATTEMPTS);
  }

  @Test
  void anyOtherFailureRollsBackAtOnceAndIsACatalogExceptionNamingTheWork() {
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(() -> transactions.write("count a failure", tx -> {
      runs.incrementAndGet();
      insertFailure(tx, "ref-a");
      insertFailure(tx, null); // a constraint violated (not null): an error, not a race
      return null;
    })).isExactlyInstanceOf(CatalogException.class).hasMessageStartingWith("catalog: count a failure failed: ");

    assertThat(runs).hasValue(1);
    assertThat(catalog.failuresOf("ref-a")).isZero();
  }

  @Test
  void aRuntimeExceptionOfTheWorkRollsBackAndLeavesUnchanged() {
    IllegalStateException refused = new IllegalStateException("refused by a rule");

    assertThatThrownBy(() -> transactions.write("count a failure", tx -> {
      insertFailure(tx, "ref-a");
      throw refused;
    })).isSameAs(refused);

    assertThat(catalog.failuresOf("ref-a")).isZero();
  }

  @Test
  void aDatabaseThatCannotBeReachedIsCatalogUnavailable() {
    Transactions unreachable = new Transactions(dataSourceFailingWith(
        new SQLTransientConnectionException("callvault-catalog - Connection is not available, request timed out")));

    assertThatThrownBy(() -> unreachable.write("count a failure", tx -> null))
        .isInstanceOf(CatalogUnavailableException.class).hasMessageContaining("no database connection");
    assertThatThrownBy(() -> transactions.write("count a failure", tx -> {
      throw new SQLException("An I/O error occurred while sending to the backend", "08006");
    })).isInstanceOf(CatalogUnavailableException.class);
  }

  @Test
  void aReadEndsWithARollbackAndRunsOnce() {
    AtomicInteger runs = new AtomicInteger();

    transactions.read("read failures", tx -> {
      insertFailure(tx, "ref-a");
      return null;
    });
    assertThatThrownBy(() -> transactions.read("read failures", tx -> {
      runs.incrementAndGet();
      throw new SQLException("could not serialize access", "40001");
    })).isInstanceOf(CatalogException.class);

    assertThat(catalog.failuresOf("ref-a")).isZero();
    assertThat(runs).hasValue(1);
  }

  private static void insertFailure(Tx tx, String ref) {
    tx.sql(c -> {
      try (PreparedStatement ps = c.prepareStatement("insert into drop_failures (file_ref, source_id, attempts,"
          + " last_reason, last_failed_at) values (?, 'pbx1', 1, 'test', current_timestamp)")) {
        ps.setString(1, ref);
        return ps.executeUpdate();
      }
    });
  }

  private static void lockAuditHead(Tx tx) {
    tx.sql(c -> {
      try (PreparedStatement ps = c.prepareStatement("select seq from audit_head where id = 1 for update");
          ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    });
  }

  private static void awaitOrFail(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static DataSource dataSourceFailingWith(SQLException e) {
    return (DataSource) Proxy.newProxyInstance(TransactionsTest.class.getClassLoader(),
        new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
          throw e;
        });
  }
}
