package io.callvault.camel;

import io.callvault.source.CdrRecord;
import io.callvault.source.PhoneNumbers;
import io.callvault.source.RecordingIdentifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What every hub integration test shares: one test key pair per class, a fresh hub per test. */
abstract class HubIT {
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path keys;
  @TempDir Path dir;
  HubFixture hub;

  @BeforeAll
  static void makeKeysOnce() throws Exception {
    io.callvault.crypto.KeyPairs.generate("it", "callvault test <it@callvault.invalid>", keys);
  }

  @BeforeEach
  void newHub() throws Exception {
    hub = new HubFixture(dir, keys);
  }

  @AfterEach
  void closeHub() throws Exception {
    hub.close();
  }

  /** The recording id callvault gives a file of source asterisk-1 (PBX time zone UTC). */
  static String recordingId(String path) throws Exception {
    return new RecordingIdentifier(new PhoneNumbers("GB"), ZoneOffset.UTC, new io.callvault.catalog.SubjectKeys("test-subject-secret-0123".getBytes(java.nio.charset.StandardCharsets.UTF_8))::keyOf).identify("asterisk-1", path, (CdrRecord) null).id();
  }

  /** Drops an inbound call of 07700900123 and waits until the hub took it; returns its recording id. */
  String ingest(String uniqueId, byte[] wav) throws Exception {
    String path = "2024/03/15/in-201-07700900123-20240315-103000-" + uniqueId + ".wav";
    Path source = hub.dropFile(path, wav);
    HubFixture.await("ingest", WAIT, () -> !Files.exists(source));
    return recordingId(path);
  }
}
