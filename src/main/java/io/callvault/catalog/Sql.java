package io.callvault.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Binding and reading values the same way in every repository of the catalog, on H2 and PostgreSQL. */
final class Sql {

  private Sql() {
  }

  /** Timestamps are kept to the microsecond, the precision both databases store. */
  static void setInstant(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(i, OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }
  }

  static Instant instant(ResultSet rs, int i) throws SQLException {
    OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static Integer integer(ResultSet rs, int i) throws SQLException {
    int v = rs.getInt(i);
    return rs.wasNull() ? null : v;
  }

  /** {@code s} cut to {@code max} characters. */
  static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }

  /** {@code n} comma-separated parameter marks (at least one, so that {@code in (?)} stays valid SQL). */
  static String marks(int n) {
    return String.join(", ", Collections.nCopies(Math.max(1, n), "?"));
  }

  /** Binds {@code args} as strings from parameter {@code from} on; returns the next parameter's index. */
  static int bind(PreparedStatement ps, int from, Iterable<String> args) throws SQLException {
    int i = from;
    for (String a : args) {
      ps.setString(i++, a);
    }
    return i;
  }

  /** Runs an update whose parameters are all strings; returns the rows changed. */
  static int update(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, 1, java.util.Arrays.asList(args));
      return ps.executeUpdate();
    }
  }

  /** The rows of a two-column query (a key, a count), by key; parameters are strings. */
  static Map<String, Long> counts(Connection c, String sql, String... args) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, 1, java.util.Arrays.asList(args));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  /** The first column of a one-row query (a count), parameters strings. */
  static long single(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, 1, java.util.Arrays.asList(args));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
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
}
