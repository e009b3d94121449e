package io.callvault.catalog;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * A view of one transaction's connection whose prepared statements ({@code prepareStatement(sql)}) are kept per
 * SQL text until {@link #close()}: closing one only clears its parameters, and preparing the same SQL again
 * returns it. The view's own {@code close()} does nothing; {@link Transactions} closes the real connection.
 */
final class StatementCache implements AutoCloseable {
  private final Connection real;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Map<String, PreparedStatement> views = new HashMap<>();

  StatementCache(Connection real) {
    this.real = real;
  }

  Connection connection() {
    return (Connection) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
            return prepared((String) args[0]);
          }
          if (method.getName().equals("close")) {
            return null;
          }
          return invoke(real, method, args);
        });
  }

  private PreparedStatement prepared(String sql) throws SQLException {
    PreparedStatement view = views.get(sql);
    if (view != null) {
      return view;
    }
    PreparedStatement statement = real.prepareStatement(sql);
    statements.put(sql, statement);
    view = (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
        new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
          if (method.getName().equals("close") && (args == null || args.length == 0)) {
            statement.clearParameters();
            return null;
          }
          return invoke(statement, method, args);
        });
    views.put(sql, view);
    return view;
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * Closes the statements. A failure to close one is ignored: the transaction has ended by then, and closing the
   * connection releases them anyway.
   */
  @Override
  public void close() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException e) {
        // see above
      }
    }
  }
}
