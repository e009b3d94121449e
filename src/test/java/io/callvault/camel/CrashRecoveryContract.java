package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.source.RecordingIdentifier;
import io.callvault.store.S3Clients;
import io.callvault.store.S3Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The hub, as a process of its own, is SIGKILLed five times at random moments while it ingests a batch of
 * 200 recordings, then restarted and left to finish. Afterwards every source file is accounted for (stored
 * with all its granted copies and catalog rows, or quarantined with a reason: none may simply vanish), there
 * are no duplicate or orphan objects or rows, and the audit trail verifies. Subclasses pick the catalog.
 */
abstract class CrashRecoveryContract extends HubIT {
  static final int FILES = 200;
  static final int KILLS = 5;
  private static final List<String> CALLERS = List.of("07700900111", "07700900222", "07700900333", "07700900444");

  abstract CatalogSettings catalog();

  @RepeatedTest(3)
  @Timeout(300)
  void nothingIsLostOrDuplicatedWhenTheHubIsKilledMidBatch() throws Exception {
    CatalogSettings catalog = catalog();
    hub.overrides.put("catalog.url", catalog.jdbcUrl());
    hub.overrides.put("catalog.user", catalog.user() == null ? "" : catalog.user());
    hub.overrides.put("catalog.password", catalog.password() == null ? "" : catalog.password());
    hub.consentCsv("subject,training,quality\n+447700900111,granted,\n+447700900222,denied,\n+447700900333,granted,\n");
    Map<String, String> files = dropBatch();
    Random random = new Random();
    try (ChildHub child = new ChildHub(hub.dir.resolve("child-config"), hub.overrides)) {
      for (int kill = 1; kill <= KILLS; kill++) {
        long before = audioInDrop();
        child.start();
        HubFixture.await("the hub to take files (kill " + kill + ")\n" + child.logs(), Duration.ofSeconds(90),
            () -> audioInDrop() < before || !child.alive());
        Thread.sleep(random.nextInt(1200));
        child.kill();
      }
      assertThat(audioInDrop()).as("the kills came while the batch was still running").isPositive();
      child.start();
      HubFixture.await("the batch to finish after the kills\n" + child.logs(), Duration.ofSeconds(120),
          () -> audioInDrop() == 0);
      child.terminate();
      checkEverythingAccountedFor(catalog, files, child);
    }
  }

  /** Drops the batch; returns file path -> recording id. */
  private Map<String, String> dropBatch() throws Exception {
    Map<String, String> ids = new HashMap<>();
    String day = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
    String folder = day.substring(0, 4) + "/" + day.substring(4, 6) + "/" + day.substring(6) + "/";
    for (int i = 0; i < FILES; i++) {
      String uniqueId = "1700000000." + i;
      String path = folder + "in-201-" + CALLERS.get(i % CALLERS.size()) + "-" + day + "-10"
          + String.format("%02d%02d", i / 60 % 60, i % 60) + "-" + uniqueId + ".wav";
      hub.dropFile(path, TestAudio.wav(0.5, i));
      ids.put(path, RecordingIdentifier.recordingId("asterisk-1", uniqueId));
    }
    return ids;
  }

  /** Recordings still waiting in the drop (the hub deletes files while this walks, so walk again then). */
  private long audioInDrop() {
    for (int attempt = 0; ; attempt++) {
      try (Stream<Path> s = Files.walk(hub.drop)) {
        return s.filter(p -> p.getFileName().toString().endsWith(".wav"))
            .filter(p -> !hub.drop.relativize(p).startsWith(".quarantine")).count();
      } catch (java.io.IOException | java.io.UncheckedIOException e) {
        if (attempt > 20) {
          throw new AssertionError("cannot list the drop", e);
        }
      }
    }
  }

  private void checkEverythingAccountedFor(CatalogSettings settings, Map<String, String> files, ChildHub child)
      throws Exception {
    Map<String, Long> objects = objectsInBuckets();
    try (Catalog catalog = Catalog.open(settings); Connection c = catalog.dataSource().getConnection()) {
      Map<String, String> states = rows(c, "select id, state from recordings");
      Map<String, String> copies = rows(c, "select recording_id || '/' || purpose, bucket || '/' || object_key || '|' || state"
          + " || '|' || ciphertext_size from copies");
      Map<String, String> granted = rows(c, "select recording_id || '/' || purpose, outcome from decisions where outcome = 'GRANTED'");
      List<String> problems = new ArrayList<>();
      for (Map.Entry<String, String> f : files.entrySet()) {
        String id = f.getValue();
        String state = states.get(id);
        if (!"STORED".equals(state) && !"DISCARDED".equals(state)) {
          problems.add(f.getKey() + ": recording " + id + " is " + state + " and the file left the drop");
          continue;
        }
        granted.forEach((k, outcome) -> {
          if (k.startsWith(id + "/") && outcome.equals("GRANTED") && !copies.containsKey(k)) {
            problems.add(id + ": granted " + k + " has no copy row");
          }
        });
      }
      Set<String> rowObjects = new HashSet<>();
      copies.forEach((k, v) -> {
        String[] parts = v.split("\\|");
        rowObjects.add(parts[0]);
        Long size = objects.get(parts[0]);
        if (size == null) {
          problems.add("orphan row: copy " + k + " has no object " + parts[0]);
        } else if (size != Long.parseLong(parts[2])) {
          problems.add("copy " + k + ": object is " + size + " bytes, the catalog says " + parts[2]);
        }
      });
      objects.keySet().stream().filter(o -> !rowObjects.contains(o)).forEach(o -> problems.add("orphan object " + o));
      assertThat(states).as("one recording row per file").hasSize(files.size());
      assertThat(problems).as("after %d kills\n%s", KILLS, child.logs()).isEmpty();
      assertThat(quarantined()).as("nothing quarantined").isEmpty();
      var verify = new AuditTrail(catalog, Clock.systemUTC()).verify();
      assertThat(verify.intact()).as(verify.describe()).isTrue();
    }
  }

  private List<Path> quarantined() throws java.io.IOException {
    Path q = hub.drop.resolve(".quarantine");
    if (!Files.exists(q)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(q)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  private static Map<String, String> rows(Connection c, String sql) throws Exception {
    Map<String, String> out = new HashMap<>();
    try (PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        assertThat(out.put(rs.getString(1), rs.getString(2))).as("duplicate row " + rs.getString(1)).isNull();
      }
    }
    c.rollback();
    return out;
  }

  /** bucket/key -> size of every object in the purposes' buckets. */
  private Map<String, Long> objectsInBuckets() {
    Map<String, Long> out = new HashMap<>();
    try (S3Client s3 = S3Clients.build(new S3Settings(hub.s3.endpoint(), "us-east-1", hub.s3.accessKey(),
        hub.s3.secretKey(), true))) {
      for (String bucket : List.of("callvault-training", "callvault-quality", "callvault-legal")) {
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
          continue;
        }
        for (S3Object o : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).build()).contents()) {
          if (!o.key().endsWith("/")) { // S3Proxy's file system store lists its folders too
            out.put(bucket + "/" + o.key(), o.size());
          }
        }
      }
    }
    return out;
  }
}
