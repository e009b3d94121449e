package io.callvault.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFilesTest {
  private static final Instant NOW = Instant.parse("2024-03-15T12:00:00Z");
  @TempDir Path dir;

  private Path file(String name, Duration age) throws Exception {
    Path f = Files.writeString(dir.resolve(name), "ciphertext");
    Files.setLastModifiedTime(f, FileTime.from(NOW.minus(age)));
    return f;
  }

  private TempFiles temp() {
    return new TempFiles(dir, Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void atStartEveryCiphertextTempFileIsRemovedWhateverItsAgeAndNothingElse() throws Exception {
    Path old = file("rec_0123456789abcdef01234567-training-111.gpg.part", Duration.ofDays(2));
    Path fresh = file("rec_0123456789abcdef01234567-legal-222.gpg.part", Duration.ZERO);
    Path other = file("notes.txt", Duration.ofDays(2));
    Path anchor = file("anchor.json", Duration.ofDays(2));

    assertThat(temp().removeAll()).isEqualTo(2);

    assertThat(old).doesNotExist();
    assertThat(fresh).doesNotExist();
    assertThat(other).exists();
    assertThat(anchor).exists();
  }

  @Test
  void onTheScheduleOnlyCiphertextTempFilesOlderThanTheMaximumAgeAreRemoved() throws Exception {
    Path stale = file("rec_0123456789abcdef01234567-training-111.gpg.part", Duration.ofMinutes(61));
    Path inUse = file("rec_0123456789abcdef01234567-legal-222.gpg.part", Duration.ofMinutes(59));
    Path other = file("leftover.part", Duration.ofDays(2));

    assertThat(temp().removeStale()).isEqualTo(1);

    assertThat(stale).doesNotExist();
    assertThat(inUse).exists();
    assertThat(other).exists();
  }

  @Test
  void aMissingTempFolderIsNothingToClean() {
    assertThat(new TempFiles(dir.resolve("absent"), Duration.ofHours(1), Clock.systemUTC()).removeAll()).isZero();
  }
}
