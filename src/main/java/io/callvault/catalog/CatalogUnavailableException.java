package io.callvault.catalog;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * The catalog database cannot be reached (connection refused, lost or timed out, no connection from the pool in
 * time, unknown host, a server still starting up or shut down): a state that may pass, and nothing wrong with
 * the work asked of it, unlike a wrong password or a missing database, which are configuration errors
 * ({@link CatalogException}).
 */
public class CatalogUnavailableException extends CatalogException {
  private static final long serialVersionUID = 1L;

  public CatalogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A CatalogUnavailableException when {@code e} says the database cannot be reached, else a CatalogException. */
  public static CatalogException of(String message, SQLException e) {
    return isUnreachable(e) ? new CatalogUnavailableException(message, e) : new CatalogException(message, e);
  }

  /**
   * True when {@code e} says the server could not be reached: an SQLState of class 08 (connection exception),
   * 57P03 (PostgreSQL "cannot connect now", starting up), the JDBC connection exceptions (HikariCP's pool timeout
   * among them), H2's "connection broken" (90067) and "database is closed" (90098, 90121), or a network failure
   * among its causes.
   */
  static boolean isUnreachable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SQLException sql && unreachable(sql)) {
        return true;
      }
      if (c instanceof IOException && c.getClass().getName().startsWith("java.net")) {
        return true;
      }
    }
    return false;
  }

  private static boolean unreachable(SQLException s) {
    String state = s.getSQLState();
    return s instanceof SQLTransientConnectionException || s instanceof SQLRecoverableException || (state != null && (state.startsWith("08") || state.equals("57P03")
        || state.equals("90067") || state.equals("90098") || state.equals("90121")));
  }

  /** The innermost cause's type and message, which says what failed (no credentials in it). */
  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
