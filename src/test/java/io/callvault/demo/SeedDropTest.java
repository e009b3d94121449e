package io.callvault.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedDropTest {

  @Test
  void seedsTheDemoRecordingsOnceAndNothingAfterTheMarkerExists(@TempDir Path dir) throws Exception {
    Path drop = dir.resolve("drop");
    Path marker = dir.resolve("data/seeded");

    String first = SeedDrop.seed(drop, marker);
    long seeded = wavCount(drop);
    deleteWavs(drop); // the hub ingested them
    String second = SeedDrop.seed(drop, marker);

    assertThat(first).startsWith("seeded ");
    assertThat(seeded).isGreaterThan(3);
    assertThat(drop.resolve(DemoDrop.MASTER_CSV)).exists();
    assertThat(marker).exists();
    assertThat(second).contains("already seeded");
    assertThat(wavCount(drop)).isZero();
  }

  private static long wavCount(Path drop) throws Exception {
    try (Stream<Path> s = Files.walk(drop)) {
      return s.filter(p -> p.toString().endsWith(".wav")).count();
    }
  }

  private static void deleteWavs(Path drop) throws Exception {
    try (Stream<Path> s = Files.walk(drop)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".wav")).toList()) {
        Files.delete(p);
      }
    }
  }
}
