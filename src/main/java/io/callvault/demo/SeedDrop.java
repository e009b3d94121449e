package io.callvault.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Seeds a drop once with the demo's FreePBX recordings (yesterday's calls, {@link DemoDrop}), so that a first
 * {@code docker compose up} shows copies in MinIO. Used by docker-compose.yml's seed service:
 * {@code java -cp callvault.jar io.callvault.demo.SeedDrop <drop dir> <marker file>}. The marker file records that
 * the drop was seeded: a second run (the hub has emptied the drop meanwhile) seeds nothing.
 */
public final class SeedDrop {
  private SeedDrop() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SeedDrop <drop directory> <marker file>");
      System.exit(2);
    }
    Path drop = Path.of(args[0]);
    Path marker = Path.of(args[1]);
    System.out.println(seed(drop, marker));
  }

  /** Writes the demo drop into {@code drop} unless {@code marker} exists; then creates the marker. */
  static String seed(Path drop, Path marker) throws Exception {
    if (Files.exists(marker)) {
      return "drop already seeded (" + marker + " exists): nothing written";
    }
    Path consent = Files.createTempFile("seed-consent", ".csv"); // the compose stack asks the CRM stub instead
    try {
      DemoDrop.Result r = DemoDrop.generate(drop, consent, LocalDate.now(ZoneOffset.UTC).minusDays(1), 42L);
      Files.createDirectories(marker.toAbsolutePath().getParent());
      Files.writeString(marker, "seeded " + r.files() + " files\n");
      return "seeded " + drop + " with " + r.recordings() + " demo recordings (" + r.files() + " files)";
    } finally {
      Files.deleteIfExists(consent);
    }
  }
}
