package io.callvault.catalog;

import io.callvault.retention.SweepAction;
import io.callvault.retention.SweepReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Retention sweep reports kept in the catalog (tables {@code sweep_reports}, {@code sweep_report_counts}); the
 * errors, overdue holds and notes each as one text of lines, cut to {@value #MAX_TEXT} characters.
 */
public final class SweepReports {

  private static final int MAX_TEXT = 20000;

  private final Transactions transactions;

  public SweepReports(Catalog catalog) {
    this.transactions = catalog.transactions();
  }

  /** Stores a report (again for the same id replaces it). */
  public void save(SweepReport r) {
    transactions.writeSql("save sweep report " + r.id(), c -> {
      try (PreparedStatement ps = c.prepareStatement("delete from sweep_report_counts where report_id = ?")) {
        ps.setString(1, r.id());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("delete from sweep_reports where id = ?")) {
        ps.setString(1, r.id());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("insert into sweep_reports (id, started_at, finished_at,"
          + " dry_run, errors, overdue_holds, notes) values (?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, r.id());
        Sql.setInstant(ps, 2, r.startedAt());
        Sql.setInstant(ps, 3, r.finishedAt());
        ps.setBoolean(4, r.dryRun());
        ps.setString(5, lines(r.errors()));
        ps.setString(6, lines(r.overdueHolds()));
        ps.setString(7, lines(r.notes()));
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(
          "insert into sweep_report_counts (report_id, purpose, action, copies) values (?, ?, ?, ?)")) {
        for (Map.Entry<String, Map<SweepAction, Long>> e : r.counts().entrySet()) {
          for (Map.Entry<SweepAction, Long> a : e.getValue().entrySet()) {
            ps.setString(1, r.id());
            ps.setString(2, e.getKey());
            ps.setString(3, a.getKey().name());
            ps.setLong(4, a.getValue());
            ps.addBatch();
          }
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  public Optional<SweepReport> find(String id) {
    return transactions.readSql("find sweep report " + id, c -> {
      List<SweepReport> found = query(c, "where id = ?", id, 1);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    });
  }

  /** The most recent reports, newest first. */
  public List<SweepReport> recent(int limit) {
    return transactions.readSql("list sweep reports", c -> query(c, "", null, limit));
  }

  public Optional<SweepReport> latest() {
    List<SweepReport> r = recent(1);
    return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
  }

  private static List<SweepReport> query(Connection c, String where, String arg, int limit) throws SQLException {
    List<SweepReport> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("select id, started_at, finished_at, dry_run, errors,"
        + " overdue_holds, notes from sweep_reports " + where + " order by started_at desc, id limit ?")) {
      int i = 1;
      if (arg != null) {
        ps.setString(i++, arg);
      }
      ps.setInt(i, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String id = rs.getString(1);
          out.add(new SweepReport(id, Sql.instant(rs, 2), Sql.instant(rs, 3), rs.getBoolean(4),
              counts(c, id), split(rs.getString(5)), split(rs.getString(6)), split(rs.getString(7))));
        }
      }
    }
    return out;
  }

  private static Map<String, Map<SweepAction, Long>> counts(Connection c, String id) throws SQLException {
    Map<String, Map<SweepAction, Long>> out = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "select purpose, action, copies from sweep_report_counts where report_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(SweepAction.class))
              .put(SweepAction.valueOf(rs.getString(2)), rs.getLong(3));
        }
      }
    }
    return out;
  }

  private static String lines(List<String> lines) {
    return lines.isEmpty() ? null : Sql.cut(String.join("\n", lines), MAX_TEXT);
  }

  private static List<String> split(String text) {
    return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
  }
}
