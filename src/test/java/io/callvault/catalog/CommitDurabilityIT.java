package io.callvault.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.audit.AuditTrail;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit that returned survives a process kill on the embedded H2 catalog: a child process appends audit
 * entries and prints each one after its commit; it is SIGKILLed at a random moment, and every printed entry
 * must be in the catalog afterwards, with the chain intact. (H2's default write delay lost the last 0.15 to
 * 0.55 s of commits this way.)
 */
class CommitDurabilityIT {
  @TempDir Path dir;

  @Test
  @Timeout(120)
  void everyCommitThatReturnedSurvivesSigkill() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("catalog/callvault");
    for (int round = 1; round <= 5; round++) {
      long acknowledged = runAndKill(url, 600 + ThreadLocalRandom.current().nextInt(900));
      try (Catalog catalog = Catalog.open(new CatalogSettings(url, "sa", ""))) {
        AuditTrail trail = new AuditTrail(catalog, Clock.systemUTC());
        assertThat(acknowledged).as("round %d wrote something", round).isPositive();
        assertThat(trail.lastSeq()).as("round %d: entries in the catalog vs the last one acknowledged", round)
            .isGreaterThanOrEqualTo(acknowledged);
        assertThat(trail.verify().intact()).as(trail.verify().describe()).isTrue();
      }
    }
  }

  /** Starts the writer, lets it commit for {@code millis} after it is ready, kills it; the last seq it printed. */
  private static long runAndKill(String url, long millis) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CommitWriterMain.class.getName(), url)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    AtomicLong last = new AtomicLong();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.matches("\\d+")) {
            last.set(Long.parseLong(line));
          }
        }
      } catch (java.io.IOException e) {
        // the process died
      }
    });
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (last.get() == 0 && System.nanoTime() < deadline && p.isAlive()) {
      Thread.sleep(20);
    }
    Thread.sleep(millis);
    Runtime.getRuntime().exec(new String[] {"kill", "-9", Long.toString(p.pid())}).waitFor();
    p.waitFor(30, TimeUnit.SECONDS);
    reader.join(10_000);
    return last.get();
  }
}
