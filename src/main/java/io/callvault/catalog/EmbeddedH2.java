package io.callvault.catalog;

import io.callvault.config.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The embedded H2 catalog as callvault runs it: one process, no network listener, durable commits, no trace
 * file, private files.
 *
 * <ul>
 *   <li>{@code AUTO_SERVER=TRUE} and {@code jdbc:h2:tcp:} are refused: the first opens a TCP port on every
 *       interface guarded only by the id in the lock file, the second is a separate server callvault does not
 *       run. Commands reach a running hub's H2 catalog through its control socket instead.</li>
 *   <li>{@code WRITE_DELAY=0}: a commit is written to the file before it returns (H2's default writes
 *       committed changes up to 0.5 s later, which a process kill loses); {@link SyncOnCommit} adds the fsync
 *       a power cut needs.</li>
 *   <li>{@code TRACE_LEVEL_FILE=0}: H2's trace file would log the start of SQL parameters.</li>
 *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2 must not close the database in its own shutdown hook while the hub is
 *       still finishing work on SIGTERM; the hub closes its pool last.</li>
 * </ul>
 */
public final class EmbeddedH2 {
  private static final List<String> OURS = List.of("WRITE_DELAY", "TRACE_LEVEL_FILE", "DB_CLOSE_ON_EXIT");

  private EmbeddedH2() {
  }

  /** True for an H2 database in a file (not {@code mem:}). */
  public static boolean isFile(String jdbcUrl) {
    String rest = afterPrefix(jdbcUrl);
    return rest != null && !rest.startsWith("mem:") && !rest.startsWith("tcp:") && !rest.startsWith("ssl:");
  }

  /**
   * The database's path without H2's {@code .mv.db} suffix, for a file URL: {@code ./data/catalog/callvault}
   * for {@code jdbc:h2:file:./data/catalog/callvault;...}.
   */
  public static Path databasePath(String jdbcUrl) {
    if (!isFile(jdbcUrl)) {
      throw new IllegalArgumentException("not an H2 file database URL");
    }
    String rest = afterPrefix(jdbcUrl);
    int semi = rest.indexOf(';');
    String path = (semi < 0 ? rest : rest.substring(0, semi)).replaceFirst("^file:", "");
    if (path.startsWith("~")) {
      path = System.getProperty("user.home") + path.substring(1);
    }
    return Path.of(path);
  }

  /** The H2 data file ({@code <path>.mv.db}) of a file URL. */
  public static Path dataFile(String jdbcUrl) {
    Path db = databasePath(jdbcUrl);
    return db.resolveSibling(db.getFileName() + ".mv.db");
  }

  /**
   * The URL callvault opens for {@code jdbcUrl}: the settings above added (replacing the user's own values of
   * them). Non-H2 URLs come back unchanged.
   *
   * @throws IllegalArgumentException for AUTO_SERVER=TRUE or an H2 TCP/SSL server URL, naming the fix
   */
  public static String hardened(String jdbcUrl) {
    String rest = afterPrefix(jdbcUrl);
    if (rest == null) {
      return jdbcUrl;
    }
    if (rest.startsWith("tcp:") || rest.startsWith("ssl:")) {
      throw new IllegalArgumentException("catalog.url points at an H2 server (jdbc:h2:" + rest.substring(0, 3)
          + ":...), which callvault does not support: use jdbc:h2:file:... for one hub, or PostgreSQL for a"
          + " shared catalog");
    }
    List<String> parts = new ArrayList<>(List.of(jdbcUrl.split(";")));
    String base = parts.remove(0);
    List<String> kept = new ArrayList<>();
    for (String p : parts) {
      String name = p.contains("=") ? p.substring(0, p.indexOf('=')).strip().toUpperCase(Locale.ROOT) : p;
      String value = p.contains("=") ? p.substring(p.indexOf('=') + 1).strip().toUpperCase(Locale.ROOT) : "";
      if (name.equals("AUTO_SERVER") && value.equals("TRUE")) {
        throw new IllegalArgumentException("catalog.url sets AUTO_SERVER=TRUE, which makes H2 listen on a TCP port"
            + " on every interface: remove it (./callvault commands reach a running hub through its control"
            + " socket; for several processes on one catalog use PostgreSQL)");
      }
      if (!OURS.contains(name) && !name.equals("AUTO_SERVER") && !p.isBlank()) {
        kept.add(p);
      }
    }
    StringBuilder url = new StringBuilder(base);
    kept.forEach(p -> url.append(';').append(p));
    if (!rest.startsWith("mem:")) {
      url.append(";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    }
    return url.append(";TRACE_LEVEL_FILE=0").toString();
  }

  /** Creates the database's folder 0700 (and missing parents), before H2 creates its files in it. */
  static void prepareFolder(String jdbcUrl) throws IOException {
    Path parent = databasePath(jdbcUrl).toAbsolutePath().getParent();
    PrivateFiles.directories(parent);
  }

  /** Makes H2's files of this database 0600 (H2 creates them with the process's umask). */
  static void restrictFiles(String jdbcUrl) throws IOException {
    Path db = databasePath(jdbcUrl).toAbsolutePath();
    String prefix = db.getFileName().toString() + ".";
    try (Stream<Path> files = Files.list(db.getParent())) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
        PrivateFiles.restrict(f);
      }
    }
  }

  private static String afterPrefix(String jdbcUrl) {
    return jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:") ? jdbcUrl.substring("jdbc:h2:".length()) : null;
  }
}
