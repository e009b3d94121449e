package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Ciphertext temp files a crash left in callvault.temp-dir: the hub removes them all when it starts, and the
 * housekeeping route (routes/housekeeping.camel.yaml) removes stale ones on its cron while it runs.
 */
class TempFilesCleanupIT extends HubIT {

  private Path leftover(String name, long ageSeconds) throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path f = Files.writeString(tmp.resolve(name), "ciphertext of a crashed ingest");
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().minusSeconds(ageSeconds)));
    return f;
  }

  @Test
  void ciphertextTempFilesLeftByACrashAreRemovedAtStartAndStaleOnesOnTheSchedule() throws Exception {
    Path beforeStart = leftover("rec_0123456789abcdef01234567-training-1.gpg.part", 0);
    hub.overrides.put("callvault.temp-cleanup.cron", "* * * * * ?");
    hub.overrides.put("callvault.temp-cleanup.max-age", "PT30M");
    hub.start();
    assertThat(beforeStart).as("removed at start").doesNotExist();

    Path stale = leftover("rec_0123456789abcdef01234567-legal-2.gpg.part", 3600);
    Path young = leftover("rec_0123456789abcdef01234567-quality-3.gpg.part", 0);
    HubFixture.await("the scheduled cleanup removes the stale file", WAIT, () -> !Files.exists(stale));
    assertThat(young).as("younger than callvault.temp-cleanup.max-age: maybe an ingest in progress").exists();

    // the batch goes on: a recording dropped now is stored
    ingest("1710498600.1", TestAudio.wav(1, 1));
    assertThat(hub.hub.beans().catalog().copiesOf(recordingId(
        "2024/03/15/in-201-07700900123-20240315-103000-1710498600.1.wav"))).isNotEmpty();
  }
}
