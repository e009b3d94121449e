package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11: the PBX's SFTP server (MINA SSHD) fails in the middle of a download: the connection drops, or the
 * server restarts. The file is retried, never half-stored: while the download is broken there is no object, no
 * copy or recording row and no ciphertext temp file for it, and no failure is counted; afterwards it is stored
 * whole, each copy decrypting with gpg to the very bytes of the file.
 */
class SftpFaultsIT extends HubIT {
  private static final String BIG = "2024/03/15/in-201-07700900123-20240315-103000-1710498700.1.wav";
  private static final int CUT_AT = 64 * 1024;

  @Test
  @Timeout(120)
  void aConnectionDroppedMidDownloadStoresNothingOfTheFileCountsNoFailureAndTheRetryStoresItWhole()
      throws Exception {
    byte[] audio = TestAudio.wav(20, 1); // 320 kB: many SFTP reads
    Breaker breaker = new Breaker(false);
    hub.sftpHook = breaker;
    hub.consentCsv("subject,training,quality\n+447700900123,granted,\n").start();
    Path source = hub.dropFile(BIG, audio);

    assertThat(breaker.broken.await(30, TimeUnit.SECONDS)).as("the download broke off").isTrue();
    assertThat(breaker.reopened.await(30, TimeUnit.SECONDS)).as("the hub tries the file again").isTrue();
    assertNothingOfTheFile(source); // the retry is held at its open until the checks are done
    breaker.release.countDown();

    HubFixture.await("the file is stored on the retry", WAIT, () -> !Files.exists(source));
    assertStoredWhole(audio);
  }

  @Test
  @Timeout(120)
  void aServerRestartMidDownloadLeavesTheFilesInTheDropAndTheyAreStoredWholeOnceItIsBack() throws Exception {
    byte[] audio = TestAudio.wav(20, 2);
    Breaker breaker = new Breaker(true);
    hub.sftpHook = breaker;
    hub.consentCsv("subject,training,quality\n+447700900123,granted,\n").start();
    Path source = hub.dropFile(BIG, audio);
    List<Path> others = List.of(hub.dropFile(BIG.replace(".1.wav", ".2.wav"), TestAudio.wav(1, 3)),
        hub.dropFile(BIG.replace(".1.wav", ".3.wav"), TestAudio.wav(1, 4)));

    assertThat(breaker.broken.await(30, TimeUnit.SECONDS)).as("the download broke off").isTrue();
    hub.stopSftp();
    Thread.sleep(3000); // about 15 polls at 200 ms against a server that is not there
    assertNothingOfTheFile(source);
    hub.restartSftp();

    HubFixture.await("every file is stored once the server is back", WAIT,
        () -> !Files.exists(source) && others.stream().noneMatch(Files::exists));
    assertStoredWhole(audio);
    assertThat(hub.hub.beans().dependencies().state("sftp:asterisk-1")).as("the outage was noted, and is over")
        .get().extracting(s -> s.up()).isEqualTo(true);
  }

  /** While the download is broken: the file is in the drop, and nothing of it anywhere else. */
  private void assertNothingOfTheFile(Path source) throws Exception {
    String id = recordingId(BIG);
    assertThat(source).as("the file stays in the drop").exists();
    assertThat(catalog().findRecording(id)).as("no recording row").isEmpty();
    assertThat(catalog().copiesOf(id)).as("no copy row").isEmpty();
    assertThat(objectsOf(id)).as("no object").isEmpty();
    assertThat(filesUnder(hub.dir.resolve("tmp"))).as("no ciphertext temp file left").isEmpty();
    try (var c = catalog().dataSource().getConnection()) {
      assertThat(DropBatch.rows(c, "select file_ref, last_reason from drop_failures")).as("no failure counted").isEmpty();
    }
    assertThat(hub.drop.resolve(".quarantine")).as("nothing quarantined").doesNotExist();
  }

  /** Stored once per purpose, each copy decrypting with gpg to the file's bytes. */
  private void assertStoredWhole(byte[] audio) throws Exception {
    String id = recordingId(BIG);
    List<CopyEntry> copies = catalog().copiesOf(id);
    assertThat(copies).extracting(CopyEntry::purpose).containsExactlyInAnyOrder("training", "quality", "legal");
    assertThat(objectsOf(id)).hasSize(3);
    for (CopyEntry c : copies) {
      assertThat(c.plaintextSize()).isEqualTo(audio.length);
      Path cipher = hub.dir.resolve(c.purpose() + ".gpg");
      try (InputStream in = hub.hub.beans().objectStore().get(c.bucket(), c.objectKey())) {
        Files.copy(in, cipher);
      }
      assertThat(TestAudio.gpgDecrypt(cipher, hub.secretKey, hub.dir)).as(c.purpose()).isEqualTo(audio);
    }
    assertThat(catalog().quarantined()).isEmpty();
  }

  private Catalog catalog() {
    return hub.hub.beans().catalog();
  }

  private List<Path> objectsOf(String id) throws IOException {
    return filesUnder(hub.dir.resolve("s3")).stream().filter(p -> p.getFileName().toString().startsWith(id)).toList();
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  /**
   * Drops the SFTP session the first time the big file is read past {@link #CUT_AT}. Unless the test stops the
   * server itself, the next open of that file (the hub's retry) waits until {@link #release}.
   */
  private static final class Breaker implements HubFixture.SftpHook {
    final CountDownLatch broken = new CountDownLatch(1);
    final CountDownLatch reopened = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final AtomicBoolean done = new AtomicBoolean();
    private final boolean serverStops;

    Breaker(boolean serverStops) {
      this.serverStops = serverStops;
    }

    @Override
    public void reading(org.apache.sshd.server.session.ServerSession session, Path file, long offset)
        throws IOException {
      if (isBig(file) && offset >= CUT_AT && done.compareAndSet(false, true)) {
        session.close(true);
        broken.countDown();
        throw new IOException("test: the connection drops");
      }
    }

    @Override
    public void opening(Path file) {
      if (!serverStops && isBig(file) && done.get()) {
        reopened.countDown();
        try {
          release.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private static boolean isBig(Path file) {
      return file.getFileName().toString().equals(Path.of(BIG).getFileName().toString());
    }
  }
}
