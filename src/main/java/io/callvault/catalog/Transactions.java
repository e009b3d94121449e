package io.callvault.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * The one way into the catalog database: every repository of this package runs its SQL through here, and
 * steps that must commit several repositories' changes together ({@link #write}) pass the {@link Tx} they get
 * on to them.
 *
 * <ul>
 *   <li>Connections come from the catalog's data source: on an H2 file every commit is synced to disk before it
 *       returns ({@link SyncOnCommit}), so a commit that returned survives a process kill.</li>
 *   <li>A conflict with another transaction (unique violation 23505, serialization failure 40001, deadlock 40P01,
 *       H2's lock timeout HYT00 and concurrent update 90131) rolls back and runs the whole work again after a
 *       short random pause, up to {@value #ATTEMPTS} times; so work must be repeatable (keep counting and other
 *       side effects out of it, or in values it returns).</li>
 *   <li>Any other failure rolls back and leaves as a {@link CatalogUnavailableException} when the database
 *       cannot be reached (the ingest then keeps the file and retries later), else as a
 *       {@link CatalogException}; a runtime exception of the work itself leaves unchanged.</li>
 *   <li>Within a transaction, preparing the same SQL again reuses the statement ({@link StatementCache}), so a
 *       loop over a batch of copies does not parse its statements once per copy.</li>
 *   <li>{@link #read} runs work that only reads: the transaction is read-only and ends with a rollback, so on H2
 *       it costs no disk sync. It runs once: reads take no locks to conflict over, and a reader may already have
 *       passed on what it read (an export streams the audit trail as it reads it).</li>
 * </ul>
 */
public final class Transactions {

  /** Work in one transaction; it may throw SQLException (it is rolled back, retried or classified). */
  @FunctionalInterface
  public interface Work<T> {
    T run(Tx tx) throws SQLException;
  }

  /** Tries of one unit of work when it keeps meeting conflicts. */
  static final int ATTEMPTS = 8;

  /** The SQLStates of a conflict with a concurrent transaction, the same on H2 and PostgreSQL (and H2's own). */
  private static final Set<String> CONFLICTS = Set.of("23505", "40001", "40P01", "HYT00", "90131");

  private final DataSource connections;

  Transactions(DataSource connections) {
    this.connections = Objects.requireNonNull(connections, "connections");
  }

  /** Runs {@code work} in one transaction and commits it; {@code what} names it in errors. */
  public <T> T write(String what, Work<T> work) {
    return run(what, work, false);
  }

  /** Runs {@code work}, which only reads, in one read-only transaction. */
  public <T> T read(String what, Work<T> work) {
    return run(what, work, true);
  }

  /** {@link #write} for JDBC work of this package's repositories. */
  <T> T writeSql(String what, Tx.SqlWork<T> work) {
    return write(what, tx -> tx.sql(work));
  }

  /** {@link #read} for JDBC work of this package's repositories. */
  <T> T readSql(String what, Tx.SqlWork<T> work) {
    return read(what, tx -> tx.sql(work));
  }

  private <T> T run(String what, Work<T> work, boolean readOnly) {
    Objects.requireNonNull(work, "work");
    for (int attempt = 1; ; attempt++) {
      try (Connection c = connections.getConnection(); StatementCache statements = new StatementCache(c)) {
        c.setAutoCommit(false);
        if (readOnly) {
          c.setReadOnly(true);
        }
        try {
          T result = work.run(new Tx(statements.connection()));
          if (readOnly) {
            c.rollback();
          } else {
            c.commit();
          }
          return result;
        } catch (SQLException | Tx.Failure e) {
          SQLException s = e instanceof Tx.Failure f ? f.sqlException() : (SQLException) e;
          rollback(c, s);
          if (readOnly || !conflict(s) || attempt == ATTEMPTS) {
            throw failed(what, s, attempt);
          }
        } catch (RuntimeException | Error e) {
          rollback(c, e);
          throw e;
        }
      } catch (SQLException e) {
        throw new CatalogUnavailableException("catalog: " + what + " failed: no database connection: "
            + e.getMessage(), e);
      }
      pause(what, attempt);
    }
  }

  private static CatalogException failed(String what, SQLException e, int attempts) {
    String after = conflict(e) && attempts > 1
        ? " after " + attempts + " attempts (other transactions kept conflicting)" : "";
    return CatalogUnavailableException.of("catalog: " + what + " failed" + after + ": " + e.getMessage(), e);
  }

  /** True for a conflict with a concurrent transaction, which running the work again may resolve. */
  static boolean conflict(SQLException e) {
    return e.getSQLState() != null && CONFLICTS.contains(e.getSQLState());
  }

  private static void rollback(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** A short random pause, longer after each conflict, so that two retrying writers fall out of step. */
  private static void pause(String what, int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException("catalog: " + what + ": interrupted while waiting to try again", e);
    }
  }
}
