package io.callvault.retention;

import io.callvault.catalog.CatalogException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;

/**
 * Transactions and timestamp binding over the catalog's data source, as the catalog does them; shared by the
 * steps that keep their own tables in the catalog database (retention, rights).
 */
public final class Jdbc {

  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;

  public Jdbc(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Runs {@code work} in one transaction; rolls back on any failure. Within it, preparing the same SQL
   * again reuses the statement (closing it is deferred to the end of the transaction), so a loop over a
   * batch of copies does not parse its statements once per copy.
   */
  public <T> T inTransaction(String what, Work<T> work) {
    try (Connection c = dataSource.getConnection(); StatementCache cache = new StatementCache(c)) {
      c.setAutoCommit(false);
      try {
        T result = work.run(cache.connection());
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        try {
          c.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        if (e instanceof SQLException s) {
          throw new CatalogException("catalog: " + what + " failed: " + s.getMessage(), s);
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new CatalogException("catalog: " + what + " failed: no database connection: " + e.getMessage(), e);
    }
  }

  /** A view of a connection whose prepared statements are cached per SQL text until {@link #close()}. */
  private static final class StatementCache implements AutoCloseable {
    private final Connection real;
    private final java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();
    private final java.util.Map<String, PreparedStatement> views = new java.util.HashMap<>();

    StatementCache(Connection real) {
      this.real = real;
    }

    Connection connection() {
      return (Connection) java.lang.reflect.Proxy.newProxyInstance(Jdbc.class.getClassLoader(),
          new Class<?>[] {Connection.class}, (proxy, method, args) -> {
            if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
              return prepared((String) args[0]);
            }
            if (method.getName().equals("close")) {
              return null;
            }
            try {
              return method.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
    }

    private PreparedStatement prepared(String sql) throws SQLException {
      PreparedStatement view = views.get(sql);
      if (view != null) {
        return view;
      }
      PreparedStatement statement = real.prepareStatement(sql);
      statements.put(sql, statement);
      view = (PreparedStatement) java.lang.reflect.Proxy.newProxyInstance(Jdbc.class.getClassLoader(),
          new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
            if (method.getName().equals("close") && (args == null || args.length == 0)) {
              statement.clearParameters();
              return null;
            }
            try {
              return method.invoke(statement, args);
            } catch (java.lang.reflect.InvocationTargetException e) {
              throw e.getCause();
            }
          });
      views.put(sql, view);
      return view;
    }

    @Override
    public void close() throws SQLException {
      SQLException first = null;
      for (PreparedStatement ps : statements.values()) {
        try {
          ps.close();
        } catch (SQLException e) {
          if (first == null) {
            first = e;
          }
        }
      }
      if (first != null) {
        throw first;
      }
    }
  }

  public static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(i, OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }
  }

  public static Instant instant(ResultSet rs, int i) throws SQLException {
    OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static Integer integer(ResultSet rs, int i) throws SQLException {
    int v = rs.getInt(i);
    return rs.wasNull() ? null : v;
  }

  /** Start of the UTC day of {@code t}. */
  static Instant day(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.DAYS);
  }

  /** Start of the next UTC day unless {@code t} is already midnight: never earlier than {@code t}. */
  static Instant dayCeiling(Instant t) {
    Instant d = day(t);
    return d.equals(t) ? d : d.plus(1, ChronoUnit.DAYS);
  }

  public static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
