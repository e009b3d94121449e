package io.callvault.ingest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ciphertext temp files ({@code <recordingId>-<purpose>-<n>.gpg.part}) that the minimise-and-encrypt step
 * writes in {@code callvault.temp-dir}. Each ingest deletes its own; a crash (SIGKILL, power loss) leaves them
 * behind. So they are all removed when the hub starts, before any ingest runs, and those older than
 * {@code callvault.temp-cleanup.max-age} on the schedule of routes/housekeeping.camel.yaml (an ingest in
 * progress keeps its files far younger than that). Only {@code *.gpg.part} files are touched: they are
 * ciphertext, nothing is lost by removing one (its recording is still in the drop, or stored).
 */
public final class TempFiles {
  static final String SUFFIX = ".gpg.part";
  private static final Logger LOG = LoggerFactory.getLogger(TempFiles.class);

  private final Path dir;
  private final Duration maxAge;
  private final Clock clock;

  public TempFiles(Path dir, Duration maxAge, Clock clock) {
    this.dir = dir;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** At start, before any ingest: every ciphertext temp file is a crash's leftover. Returns how many went. */
  public int removeAll() {
    return remove(Instant.MAX, "left by an earlier run (a crash?)");
  }

  /** On the schedule: the files older than the maximum age. Returns how many went. */
  public int removeStale() {
    return remove(clock.instant().minus(maxAge), "older than " + maxAge);
  }

  private int remove(Instant before, String why) {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    int failed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path f : files) {
        try {
          if (Files.isRegularFile(f) && Files.getLastModifiedTime(f).toInstant().isBefore(before)) {
            Files.delete(f);
            removed++;
          }
        } catch (NoSuchFileException gone) {
          // its ingest finished meanwhile
        } catch (IOException e) {
          failed++;
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list the temp folder {} (callvault.temp-dir) to remove stale ciphertext files: {}", dir,
          e.getMessage());
      return removed;
    }
    if (removed > 0 || failed > 0) {
      LOG.info("removed {} ciphertext temp file(s) {} from {}{}", removed, why, dir,
          failed == 0 ? "" : "; " + failed + " could not be removed (check the folder's permissions)");
    }
    return removed;
  }
}
