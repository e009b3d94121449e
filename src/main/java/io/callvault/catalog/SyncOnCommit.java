package io.callvault.catalog;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * An H2 file catalog whose commits are on the disk when {@code commit()} returns: every commit of a transaction
 * that wrote is followed by {@code CHECKPOINT SYNC} (write and fsync; read-only transactions skip it). With H2's
 * defaults a returned commit could still be lost on a process kill or a power cut, while the hub had already
 * deleted the recording from the PBX's drop. The catalog's one transaction helper ({@link Transactions}), and so
 * every repository, gets its connections here, so none can forget it. PostgreSQL needs nothing of the kind
 * ({@code synchronous_commit} is on by default).
 */
final class SyncOnCommit implements DataSource {
  private final DataSource pool;

  SyncOnCommit(DataSource pool) {
    this.pool = pool;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return durable(pool.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return durable(pool.getConnection(username, password));
  }

  private static Connection durable(Connection c) {
    boolean[] wrote = {false};
    InvocationHandler h = (proxy, method, args) -> {
      Object result = invoke(c, method, args);
      switch (method.getName()) {
        case "createStatement", "prepareStatement", "prepareCall" -> {
          return watched((Statement) result, wrote);
        }
        case "commit" -> {
          if (wrote[0]) {
            try (Statement st = c.createStatement()) {
              st.execute("CHECKPOINT SYNC");
            }
          }
          wrote[0] = false;
        }
        case "rollback", "close" -> wrote[0] = false;
        default -> {
          // nothing to watch
        }
      }
      return result;
    };
    return (Connection) Proxy.newProxyInstance(SyncOnCommit.class.getClassLoader(), new Class<?>[] {Connection.class}, h);
  }

  /** A statement that marks its transaction as having written when it runs anything but a query. */
  private static Statement watched(Statement st, boolean[] wrote) {
    Class<?>[] types = st instanceof java.sql.CallableStatement ? new Class<?>[] {java.sql.CallableStatement.class}
        : st instanceof java.sql.PreparedStatement ? new Class<?>[] {java.sql.PreparedStatement.class}
        : new Class<?>[] {Statement.class};
    InvocationHandler h = (proxy, method, args) -> {
      if (method.getName().startsWith("execute") && !method.getName().equals("executeQuery")) {
        wrote[0] = true;
      }
      return invoke(st, method, args);
    };
    return (Statement) Proxy.newProxyInstance(SyncOnCommit.class.getClassLoader(), types, h);
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return pool.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return pool.isWrapperFor(iface);
  }
}
