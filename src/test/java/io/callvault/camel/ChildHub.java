package io.callvault.camel;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The hub as a process of its own ({@code java ... io.callvault.camel.Main run --config DIR}), for tests that
 * kill it: its configuration is the tests' own ({@link io.callvault.testing.TestConfig}) with a fixture's overrides
 * appended, written to a config folder of the test's own; its routes are the fixture's copy. Output goes to
 * {@code hub-N.log} in that folder.
 */
final class ChildHub implements AutoCloseable {
  private final Path configDir;
  private Process process;
  private int starts;

  private final Path routesDir;

  ChildHub(Path configDir, Path routesDir, Map<String, String> overrides) throws IOException {
    this.configDir = Files.createDirectories(configDir);
    this.routesDir = routesDir;
    Properties p = new Properties();
    overrides.forEach(p::setProperty);
    StringWriter appended = new StringWriter();
    p.store(appended, "test overrides");
    Files.writeString(configDir.resolve("application.properties"),
        io.callvault.testing.TestConfig.resource("application.properties") + "\n" + appended);
  }

  ChildHub start() throws IOException {
    Path log = configDir.resolve("hub-" + (++starts) + ".log");
    process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "run", "--config", configDir.toString(), "--routes", routesDir.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return this;
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no flush, no goodbye. */
  void kill() throws IOException, InterruptedException {
    signal("-9");
  }

  /** SIGTERM: a graceful stop. */
  void terminate() throws IOException, InterruptedException {
    signal("-15");
  }

  private void signal(String sig) throws IOException, InterruptedException {
    if (!alive()) {
      return;
    }
    new ProcessBuilder("kill", sig, Long.toString(process.pid())).start().waitFor();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** Waits up to {@code timeout} for the process to end by itself; its exit code, or null while it still runs. */
  Integer exitCode(java.time.Duration timeout) throws InterruptedException {
    return process != null && process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
  }

  /** How many lines of every start's log contain {@code text}. */
  long linesContaining(String text) throws IOException {
    long count = 0;
    for (int i = 1; i <= starts; i++) {
      Path log = configDir.resolve("hub-" + i + ".log");
      if (Files.exists(log)) {
        count += Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).count();
      }
    }
    return count;
  }

  /** Every log line of every start, for failure messages. */
  String logs() throws IOException {
    StringBuilder all = new StringBuilder();
    for (int i = 1; i <= starts; i++) {
      Path log = configDir.resolve("hub-" + i + ".log");
      if (Files.exists(log)) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        all.append("--- start ").append(i).append(" (").append(lines.size()).append(" lines)\n");
        lines.stream().skip(Math.max(0, lines.size() - 40)).forEach(l -> all.append(l).append('\n'));
      }
    }
    return all.toString();
  }

  @Override
  public void close() throws Exception {
    kill();
  }
}
