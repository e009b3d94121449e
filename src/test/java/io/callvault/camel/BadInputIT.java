package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.QuarantineEntry;
import io.callvault.ingest.BadInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.LoggerFactory;

/**
 * What the bad-input integration tests share: good files dropped in the same batch as the bad ones (the rest of
 * the batch must finish), the hub's logs, its quarantine and its counts.
 */
abstract class BadInputIT extends HubIT {
  static final String DAY = "2024/03/15/";
  /** The name of an inbound call of 07700900123 with this uniqueid. */
  static String inbound(String uniqueId) {
    return DAY + "in-201-07700900123-20240315-103000-" + uniqueId + ".wav";
  }

  ListAppender<ILoggingEvent> logs;

  @BeforeEach
  void captureLogs() {
    logs = new ListAppender<>();
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
  }

  /** Puts a finished file into the drop by one rename, leaving no hidden temp file (names up to 255 bytes). */
  Path put(String rel, byte[] content) throws Exception {
    return put(rel, content, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(60)));
  }

  /** {@link #put(String, byte[])} with this modification time. */
  Path put(String rel, byte[] content, java.nio.file.attribute.FileTime modified) throws Exception {
    Path target = hub.drop.resolve(rel);
    Files.createDirectories(target.getParent());
    Path staged = Files.write(Files.createDirectories(dir.resolve("staging")).resolve("next"), content);
    Files.setLastModifiedTime(staged, modified);
    return Files.move(staged, target);
  }

  /** Drops a good recording; {@link #assertStored} checks it later. */
  String good(int n) throws Exception {
    String path = inbound("1710490000." + n);
    hub.dropFile(path, TestAudio.wav(1, n));
    return path;
  }

  void assertStored(String... paths) throws Exception {
    for (String path : paths) {
      HubFixture.await("the good file " + path + " is ingested", WAIT, () -> !Files.exists(hub.drop.resolve(path)));
      assertThat(catalog().copiesOf(recordingId(path))).as("copies of the good file " + path)
          .extracting(CopyEntry::purpose).contains("quality", "legal");
    }
  }

  io.callvault.catalog.Catalog catalog() {
    return hub.hub.beans().catalog();
  }

  BadInputs counts() {
    return hub.hub.camelContext().getRegistry().lookupByNameAndType("badInputs", BadInputs.class);
  }

  Path quarantined(String rel) {
    return hub.drop.resolve(".quarantine/" + rel);
  }

  Path reasonFile(String rel) {
    return quarantined(rel + DropFiles.REASON_SUFFIX);
  }

  /** Waits until the file at {@code rel} has its reason file in quarantine; returns the reason file's text. */
  String awaitQuarantined(String rel) throws Exception {
    HubFixture.await("the file is quarantined with its reason file", WAIT, () -> HubFixture.written(reasonFile(rel)));
    return Files.readString(reasonFile(rel));
  }

  /** The catalog's quarantine entry whose reason contains {@code text}. */
  Optional<QuarantineEntry> quarantineEntry(String text) {
    return catalog().quarantined().stream().filter(q -> q.reason().contains(text)).findFirst();
  }

  /** Log lines (formatted) that contain every one of {@code parts}. */
  List<String> logLines(String... parts) {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(m -> Set.of(parts).stream().allMatch(m::contains)).toList();
  }

  /** Log events carrying a stack trace. */
  List<ILoggingEvent> stackTraces() {
    return logs.list.stream().filter(e -> e.getThrowableProxy() != null).toList();
  }

  /** Every object (bucket/key) in the three purpose buckets. */
  List<String> storedKeys() {
    software.amazon.awssdk.services.s3.S3Client s3 = hub.hub.camelContext().getRegistry()
        .lookupByNameAndType("s3Client-default", software.amazon.awssdk.services.s3.S3Client.class);
    return List.of("callvault-training", "callvault-quality", "callvault-legal").stream()
        .flatMap(b -> s3.listObjectsV2Paginator(r -> r.bucket(b)).contents().stream().map(o -> b + "/" + o.key()))
        .filter(k -> k.endsWith(".gpg")) // S3Proxy's file store lists its folders too
        .toList();
  }
}
