package io.callvault.catalog;

import java.io.IOException;
import java.sql.SQLException;

/**
 * The catalog database cannot be reached (connection refused or timed out, unknown host, a server still
 * starting up): a state that may pass, unlike a wrong password or a missing database, which are configuration
 * errors ({@link CatalogException}).
 */
public class CatalogUnavailableException extends CatalogException {
  private static final long serialVersionUID = 1L;

  public CatalogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * True when {@code e} says the server could not be reached: an SQLState of class 08 (connection exception),
   * 57P03 (PostgreSQL "cannot connect now", starting up), or a network failure among its causes.
   */
  static boolean isUnreachable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().equals("57P03"))) {
        return true;
      }
      if (c instanceof java.net.ConnectException || c instanceof java.net.UnknownHostException
          || c instanceof java.net.SocketTimeoutException || c instanceof java.net.NoRouteToHostException) {
        return true;
      }
      if (c instanceof IOException && c.getClass().getName().startsWith("java.net")) {
        return true;
      }
    }
    return false;
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
