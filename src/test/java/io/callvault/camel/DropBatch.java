package io.callvault.camel;

import static org.assertj.core.api.Assertions.assertThat;

import io.callvault.audit.AuditTrail;
import io.callvault.source.RecordingIdentifier;
import io.callvault.store.S3Clients;
import io.callvault.store.S3Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A batch of recordings dropped at once for the crash and outage tests, and the check that every one of them is
 * accounted for afterwards: stored (or discarded) with a copy row and an object for each granted purpose, no
 * duplicate or orphan rows or objects, nothing quarantined, the audit trail intact.
 */
final class DropBatch {
  /** Four callers: two granted training, one denied it, one unknown to the consent source. */
  static final List<String> CALLERS = List.of("07700900111", "07700900222", "07700900333", "07700900444");
  static final String CONSENT = "subject,training,quality\n+447700900111,granted,\n+447700900222,denied,\n"
      + "+447700900333,granted,\n";
  static final List<String> BUCKETS = List.of("callvault-training", "callvault-quality", "callvault-legal");

  private final HubFixture hub;
  /** file path in the drop -> recording id. */
  final Map<String, String> files = new LinkedHashMap<>();

  private DropBatch(HubFixture hub) {
    this.hub = hub;
  }

  /** Drops {@code count} inbound calls of today (half a second of audio each) from the four callers. */
  static DropBatch drop(HubFixture hub, int count) throws IOException {
    DropBatch batch = new DropBatch(hub);
    String day = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
    String folder = day.substring(0, 4) + "/" + day.substring(4, 6) + "/" + day.substring(6) + "/";
    for (int i = 0; i < count; i++) {
      String uniqueId = "1700000000." + i;
      String path = folder + "in-201-" + CALLERS.get(i % CALLERS.size()) + "-" + day + "-10"
          + String.format("%02d%02d", i / 60 % 60, i % 60) + "-" + uniqueId + ".wav";
      hub.dropFile(path, TestAudio.wav(0.5, i));
      batch.files.put(path, RecordingIdentifier.recordingId("asterisk-1", uniqueId));
    }
    return batch;
  }

  /** Recordings still waiting in the drop (the hub deletes files while this walks, so walk again then). */
  long audioInDrop() {
    for (int attempt = 0; ; attempt++) {
      try (Stream<Path> s = Files.walk(hub.drop)) {
        return s.filter(p -> p.getFileName().toString().endsWith(".wav"))
            .filter(p -> !hub.drop.relativize(p).startsWith(".quarantine")).count();
      } catch (IOException | UncheckedIOException e) {
        if (attempt > 20) {
          throw new AssertionError("cannot list the drop", e);
        }
      }
    }
  }

  /** The batch's files still in the drop (their paths relative to it). */
  Set<String> stillInDrop() {
    Set<String> out = new HashSet<>();
    files.keySet().stream().filter(p -> Files.exists(hub.drop.resolve(p))).forEach(out::add);
    return out;
  }

  /** Every file in the drop's quarantine folder. */
  List<Path> quarantined() throws IOException {
    Path q = hub.drop.resolve(".quarantine");
    if (!Files.exists(q)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(q)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  /**
   * Asserts that every file of the batch is accounted for in {@code catalog} and the embedded S3: one recording
   * row per file, STORED or DISCARDED; a copy row for each granted purpose; each copy row's object there with the
   * cataloged size and no object without a row; nothing quarantined; the audit trail verifies.
   */
  void assertAccountedFor(io.callvault.catalog.Catalog catalog, String context) throws Exception {
    Map<String, Long> objects = objectsInBuckets();
    try (Connection c = catalog.dataSource().getConnection()) {
      Map<String, String> states = rows(c, "select id, state from recordings");
      Map<String, String> copies = rows(c, "select recording_id || '/' || purpose, bucket || '/' || object_key || '|'"
          + " || state || '|' || ciphertext_size from copies");
      Map<String, String> granted = rows(c, "select recording_id || '/' || purpose, outcome from decisions"
          + " where outcome = 'GRANTED'");
      List<String> problems = new ArrayList<>();
      for (Map.Entry<String, String> f : files.entrySet()) {
        String id = f.getValue();
        String state = states.get(id);
        if (!"STORED".equals(state) && !"DISCARDED".equals(state)) {
          problems.add(f.getKey() + ": recording " + id + " is " + state + " and the file left the drop");
          continue;
        }
        granted.keySet().stream().filter(k -> k.startsWith(id + "/") && !copies.containsKey(k))
            .forEach(k -> problems.add(id + ": granted " + k + " has no copy row"));
      }
      problems.addAll(objectProblems(copies, objects));
      assertThat(states).as("one recording row per file").hasSize(files.size());
      assertThat(problems).as(context).isEmpty();
      assertThat(quarantined()).as("nothing quarantined").isEmpty();
    }
    var verify = new AuditTrail(catalog, Clock.systemUTC()).verify();
    assertThat(verify.intact()).as(verify.describe()).isTrue();
  }

  private static List<String> objectProblems(Map<String, String> copies, Map<String, Long> objects) {
    List<String> problems = new ArrayList<>();
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
    return problems;
  }

  /** key -> value of a two-column query; a key seen twice fails. */
  static Map<String, String> rows(Connection c, String sql) throws SQLException {
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
  Map<String, Long> objectsInBuckets() {
    Map<String, Long> out = new HashMap<>();
    try (S3Client s3 = S3Clients.build(new S3Settings(hub.s3.endpoint(), "us-east-1", hub.s3.accessKey(),
        hub.s3.secretKey(), true))) {
      for (String bucket : BUCKETS) {
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
