package io.callvault.catalog;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * The catalog database cannot be reached (connection refused or lost, no connection from the pool in time,
 * database shut down): nothing is wrong with the work asked of it, and it can be retried later.
 */
public final class CatalogUnavailableException extends CatalogException {
  private static final long serialVersionUID = 1L;

  public CatalogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A CatalogUnavailableException when {@code e} says the database cannot be reached, else a CatalogException. */
  public static CatalogException of(String message, SQLException e) {
    return unreachable(e) ? new CatalogUnavailableException(message, e) : new CatalogException(message, e);
  }

  /**
   * Connection class 08 (SQL standard), the JDBC connection exceptions (HikariCP's pool timeout among them),
   * and H2's "connection broken" (90067) and "database is closed" (90098, 90121).
   */
  static boolean unreachable(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      String state = s.getSQLState();
      if (s instanceof SQLTransientConnectionException || s instanceof SQLNonTransientConnectionException
          || s instanceof SQLRecoverableException || (state != null && state.startsWith("08"))
          || "90067".equals(state) || "90098".equals(state) || "90121".equals(state)) {
        return true;
      }
    }
    return false;
  }
}
