package io.callvault.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The cost of durable commits on the embedded H2 catalog: the same small write transactions (one insert each,
 * like the ingest's one commit per recording) through the catalog's connections (a sync after every writing
 * commit) and through a plain pool on the same URL without it. Prints the median microseconds per commit
 * of several rounds. Arguments: {@code [commits per round, default 5000] [rounds, default 5] [dir]}.
 */
public final class CommitCostBench {
  public static void main(String[] args) throws Exception {
    int commits = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Path.of(args.length > 2 ? args[2] : "target/bench-commit").toAbsolutePath();
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    String url = "jdbc:h2:file:" + dir.resolve("catalog");
    List<Double> synced = new ArrayList<>();
    List<Double> plain = new ArrayList<>();
    try (Catalog catalog = Catalog.open(new CatalogSettings(url, "sa", ""))) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(EmbeddedH2.hardened(url));
      config.setUsername("sa");
      config.setAutoCommit(false);
      try (HikariDataSource raw = new HikariDataSource(config)) {
        perCommitMicros(catalog.dataSource(), commits); // warm-up
        perCommitMicros(raw, commits);
        for (int r = 0; r < rounds; r++) {
          synced.add(perCommitMicros(catalog.dataSource(), commits));
          plain.add(perCommitMicros(raw, commits));
        }
      }
    }
    System.out.printf(Locale.ROOT, "H2 commit, median of %d rounds of %d: %.0f us with sync (CHECKPOINT SYNC),"
        + " %.0f us without; per rounds: %s vs %s%n", rounds, commits, median(synced), median(plain), synced, plain);
  }

  /** One small write transaction per commit (an insert of one row), through {@code ds}. */
  private static double perCommitMicros(DataSource ds, int commits) throws java.sql.SQLException {
    try (java.sql.Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try (java.sql.Statement st = c.createStatement()) {
        st.execute("create table if not exists bench_commits (id bigint auto_increment primary key, v varchar(64))");
      }
      c.commit();
      long t0 = System.nanoTime();
      try (java.sql.PreparedStatement ps = c.prepareStatement("insert into bench_commits (v) values (?)")) {
        for (int i = 0; i < commits; i++) {
          ps.setString(1, "commit cost " + i);
          ps.executeUpdate();
          c.commit();
        }
      }
      return Math.round((System.nanoTime() - t0) / 1e3 / commits * 10) / 10.0;
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
