package io.callvault.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL 15 server for tests, started once per JVM from {@link #PG_BIN} (initdb in a temp
 * dir, trust auth, 127.0.0.1 on a free port) and stopped and deleted by a shutdown hook. As root, the
 * commands run as the {@code postgres} user via {@code runuser}, because initdb refuses root.
 *
 * <p>Set {@code CALLVAULT_TEST_PG_URL} (and optionally {@code CALLVAULT_TEST_PG_USER},
 * {@code CALLVAULT_TEST_PG_PASSWORD}) to use an existing server instead. When neither is available,
 * {@link #get()} aborts the calling test through an assumption and says so loudly on stderr.
 *
 * <p>Each {@link #freshSchema()} gives an empty schema, so tests sharing the server never see each other.
 */
public final class TestPostgres implements AutoCloseable {

  public static final String PG_BIN = "/usr/lib/postgresql/15/bin";
  public static final String OVERRIDE_ENV = "CALLVAULT_TEST_PG_URL";

  private static TestPostgres shared;
  private static String unavailable;

  private final String baseUrl;
  private final String user;
  private final String password;
  private final Path dir;
  private final boolean asPostgresUser;

  private TestPostgres(String baseUrl, String user, String password, Path dir, boolean asPostgresUser) {
    this.baseUrl = baseUrl;
    this.user = user;
    this.password = password;
    this.dir = dir;
    this.asPostgresUser = asPostgresUser;
  }

  /** The shared server; aborts the current test (skipped, not failed) when PostgreSQL is not available. */
  public static synchronized TestPostgres get() {
    if (shared == null && unavailable == null) {
      String override = System.getenv(OVERRIDE_ENV);
      if (override != null && !override.isBlank()) {
        shared = new TestPostgres(override, System.getenv("CALLVAULT_TEST_PG_USER"),
            System.getenv("CALLVAULT_TEST_PG_PASSWORD"), null, false);
      } else if (!Files.isExecutable(Path.of(PG_BIN, "initdb"))
          || !Files.isExecutable(Path.of(PG_BIN, "pg_ctl"))) {
        unavailable = "POSTGRESQL NOT FOUND at " + PG_BIN + ": skipping PostgreSQL catalog tests";
        System.err.println(unavailable);
      } else {
        shared = start();
        Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "test-postgres-stop"));
      }
    }
    Assumptions.assumeTrue(unavailable == null, unavailable);
    return shared;
  }

  /** JDBC URL of the server's {@code postgres} database (default schema). */
  public String jdbcUrl() {
    return baseUrl;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /** Creates a new empty schema and returns settings whose connections use it as current schema. */
  public CatalogSettings freshSchema() {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(baseUrl, user, password);
        Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test schema on " + baseUrl + ": " + e.getMessage(), e);
    }
    String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new CatalogSettings(url, user, password);
  }

  @Override
  public synchronized void close() {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try {
      run(asPostgresUser, 30, bin("pg_ctl"), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
          "stop");
    } catch (RuntimeException e) {
      System.err.println("test PostgreSQL did not stop cleanly: " + e.getMessage());
    }
    deleteTree(dir);
  }

  // ------------------------------------------------------------------ start-up

  private static TestPostgres start() {
    boolean root = isRoot();
    Path dir;
    try {
      dir = Files.createTempDirectory("callvault-pg");
      Files.createDirectories(dir.resolve("sock"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temp dir for test PostgreSQL", e);
    }
    try {
      if (root) {
        run(false, 30, "chown", "-R", "postgres:postgres", dir.toString());
      }
      Path data = dir.resolve("data");
      run(root, 120, bin("initdb"), "-D", data.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
          "--no-locale", "--no-sync");
      RuntimeException failure = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        int port = freePort();
        try {
          run(root, 60, bin("pg_ctl"), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(),
              "-w", "-t", "30", "-o",
              "-p " + port + " -k " + dir.resolve("sock") + " -c listen_addresses=127.0.0.1 -c fsync=off"
                  + " -c synchronous_commit=off -c full_page_writes=off",
              "start");
          return new TestPostgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", null, dir,
              root);
        } catch (RuntimeException e) {
          failure = e; // most likely the port was taken meanwhile; try another
        }
      }
      throw failure;
    } catch (RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
  }

  private static String bin(String name) {
    return Path.of(PG_BIN, name).toString();
  }

  private static boolean isRoot() {
    if ("root".equals(System.getProperty("user.name"))) {
      return true;
    }
    try {
      Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(10, TimeUnit.SECONDS);
      return "0".equals(out);
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free local port", e);
    }
  }

  /** Runs a command (as {@code postgres} when asked), failing with its output when it exits non-zero. */
  private static void run(boolean asPostgres, int timeoutSeconds, String... command) {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.addAll(List.of(command));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out;
      try (InputStream in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", cmd));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("failed (exit " + p.exitValue() + "): " + String.join(" ", cmd) + "\n"
            + new String(out, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not delete " + dir + ": " + e.getMessage());
    }
  }
}
