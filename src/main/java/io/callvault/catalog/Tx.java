package io.callvault.catalog;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One open catalog transaction, handed by {@link Transactions} to its work. Outside this package it is only a
 * token to pass to the repositories' methods that take one, so that several of them (the ingest's outcome and
 * its audit entry, an erasure certificate and its audit entry) commit together or not at all. It is valid only
 * while that work runs.
 */
public final class Tx {

  /** Work on the connection itself, for the repositories of this package. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private final Connection connection;

  Tx(Connection connection) {
    this.connection = connection;
  }

  /**
   * Runs {@code work} on this transaction's connection. An {@link SQLException} leaves as a {@link Failure},
   * which {@link Transactions} unwraps to roll back, retry or classify it like any other, so that repository
   * methods taking a transaction need not declare it.
   */
  <T> T sql(SqlWork<T> work) {
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new Failure(e);
    }
  }

  /** An {@link SQLException} on its way out of a repository method, to the transaction that runs it. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(SQLException cause) {
      super(cause.getMessage(), cause, false, false);
    }

    SQLException sqlException() {
      return (SQLException) getCause();
    }
  }
}
