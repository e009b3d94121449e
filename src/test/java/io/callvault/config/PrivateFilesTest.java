package io.callvault.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
  @TempDir Path dir;

  @Test
  void directoriesMadeByManyThreadsAtOnceNeverFailAndArePrivate() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 50; round++) {
        Path target = dir.resolve("round-" + round).resolve("hub-tmp");
        CyclicBarrier together = new CyclicBarrier(8);
        List<Future<Path>> made = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          made.add(pool.submit((Callable<Path>) () -> {
            together.await();
            return PrivateFiles.directories(target);
          }));
        }
        for (Future<Path> f : made) {
          assertThat(f.get()).isEqualTo(target); // a failure in any thread surfaces here
        }
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFileWhereADirectoryShouldBeIsStillAnError() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    assertThatThrownBy(() -> PrivateFiles.directories(file.resolve("sub")))
        .isInstanceOf(java.io.IOException.class);
  }
}
