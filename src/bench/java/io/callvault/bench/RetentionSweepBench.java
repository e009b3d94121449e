package io.callvault.bench;

import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import io.callvault.retention.Holds;
import io.callvault.retention.RetentionSweeper;
import io.callvault.retention.SweepAction;
import io.callvault.retention.SweepReport;
import io.callvault.source.RecordingIdentifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * Retention sweep throughput: N expired copies (purpose training, on-expiry delete, one copy per
 * recording) in the H2 catalog and in the embedded S3 server, then one real {@link RetentionSweeper#sweep}
 * with the default batch of 1000. Prints deletions per second, and the CPU time the sweep took in this JVM (the
 * sweep, the catalog and the embedded S3 server), which other work on a shared machine disturbs less.
 *
 * <p>Seeding: the catalog rows by JDBC batch inserts (same columns the ingest writes); the first
 * {@code viaS3} objects by S3 PUTs through the embedded S3 server (to measure that rate), the rest as
 * files in the S3Proxy filesystem store ({@code <dataDir>/<bucket>/<key>}), which is where a PUT puts
 * them too.
 *
 * <p>Arguments: {@code [copies=100000] [viaS3=2000] [workDir=target/bench-sweep] [index] [random-ids]}. With
 * {@code random-ids}, recording ids are made as the ingest makes them ({@link RecordingIdentifier#recordingId}, a
 * hash), so a batch's keys are spread over the whole day folder instead of being consecutive. With
 * {@code index}, the bench first creates the index proposed for the sweep's batch query
 * ({@code copies (state, retain_until, recording_id, purpose)}): an experiment, not in the migrations.
 */
public final class RetentionSweepBench {
  public static void main(String[] args) throws Exception {
    int copies = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int viaS3 = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    Path home = Path.of(args.length > 2 ? args[2] : "target/bench-sweep").toAbsolutePath();
    List<String> flags = args.length > 3 ? List.of(args).subList(3, args.length) : List.of();
    boolean index = flags.contains("index");
    randomIds = flags.contains("random-ids");
    try (BenchEnv env = new BenchEnv(home, 1, false)) {
      Purpose training = env.policies.purposes().get(0);
      byte[] body = new byte[1024];
      Instant start = Instant.parse("2024-03-15T14:22:33Z");
      Instant expired = Instant.parse("2024-09-15T14:22:33Z");

      long t0 = System.nanoTime();
      try (Connection c = env.catalog.dataSource().getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement rec = c.prepareStatement("insert into recordings (id, source_id, unique_id, call_type,"
            + " direction, start_time, duration_seconds, billsec, disposition, subject_key, format, state, state_reason,"
            + " updated_at) values (?, 'pbx1', ?, 'in', 'INBOUND', ?, 125, 118, 'ANSWERED', ?, 'WAV_PCM', 'STORED',"
            + " 'stored for training', ?)");
            PreparedStatement copy = c.prepareStatement("insert into copies (recording_id, purpose, legal_basis, bucket,"
                + " object_key, retain_until, plaintext_sha256, plaintext_size, ciphertext_sha256, ciphertext_size,"
                + " format, state, stored_at) values (?, 'training', 'consent', ?, ?, ?, ?, 1000000, ?, 1024,"
                + " 'WAV_PCM', 'STORED', ?)")) {
          String sha = "0".repeat(64);
          for (int i = 0; i < copies; i++) {
            String id = id(i);
            rec.setString(1, id);
            rec.setString(2, "1710512553." + i);
            rec.setTimestamp(3, Timestamp.from(start));
            rec.setString(4, String.format("%064x", i));
            rec.setTimestamp(5, Timestamp.from(start));
            rec.addBatch();
            copy.setString(1, id);
            copy.setString(2, training.bucket());
            copy.setString(3, key(id));
            copy.setTimestamp(4, Timestamp.from(expired));
            copy.setString(5, sha);
            copy.setString(6, sha);
            copy.setTimestamp(7, Timestamp.from(start));
            copy.addBatch();
            if (i % 1000 == 999 || i == copies - 1) {
              rec.executeBatch();
              copy.executeBatch();
              c.commit();
            }
          }
        }
      }
      double catalogSeconds = (System.nanoTime() - t0) / 1e9;

      int puts = Math.min(viaS3, copies);
      t0 = System.nanoTime();
      for (int i = 0; i < puts; i++) {
        String k = key(id(i));
        env.s3.putObject(b -> b.bucket(training.bucket()).key(k), RequestBody.fromBytes(body));
      }
      double putSeconds = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      Path bucketDir = home.resolve("s3").resolve(training.bucket());
      for (int i = puts; i < copies; i++) {
        Path f = bucketDir.resolve(key(id(i)));
        if (i == puts || f.getParent() == null || !Files.isDirectory(f.getParent())) {
          Files.createDirectories(f.getParent());
        }
        Files.write(f, body);
      }
      double fileSeconds = (System.nanoTime() - t0) / 1e9;
      long present = countFiles(bucketDir);
      System.out.printf("seeded %d catalog copies in %.1f s (JDBC batches of 1000)%n", copies, catalogSeconds);
      System.out.printf("seeded %d objects by S3 PUT in %.1f s (%.0f PUT/s, one thread), %d as files in %.1f s;"
          + " %d objects in the bucket%n", puts, putSeconds, puts / putSeconds, copies - puts, fileSeconds, present);

      if (randomIds) {
        System.out.println("ids made as the ingest makes them: a batch's keys are spread over the day folder");
      }
      if (index) {
        try (Connection c = env.catalog.dataSource().getConnection(); java.sql.Statement st = c.createStatement()) {
          st.execute("create index bench_copies_expiry on copies (state, retain_until, recording_id, purpose)");
        }
        System.out.println("experiment: index copies (state, retain_until, recording_id, purpose) created");
      }
      RetentionSweeper sweeper = new RetentionSweeper(env.catalog, env.store, new Holds(env.catalog, Clock.systemUTC()),
          new PolicySet(List.of(training)), Clock.systemUTC());
      String loadBefore = loadAverage();
      long cpu0 = processCpuNanos();
      t0 = System.nanoTime();
      SweepReport report = sweeper.sweep(false);
      double sweepSeconds = (System.nanoTime() - t0) / 1e9;
      double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
      long deleted = report.total(SweepAction.DELETE);
      long left = countFiles(bucketDir);
      System.out.printf("sweep: %d copies deleted in %.1f s = %.0f deletions/s; %d objects left; %d errors%n",
          deleted, sweepSeconds, deleted / sweepSeconds, left, report.errors().size());
      System.out.printf("sweep CPU (this JVM: sweep, catalog and the embedded S3 server): %.1f s = %.2f ms per deletion;"
          + " load average before %s, after %s%n", cpuSeconds, 1000 * cpuSeconds / Math.max(1, deleted), loadBefore,
          loadAverage());
      report.errors().stream().limit(5).forEach(e -> System.out.println("  error: " + e));
      boolean ok = deleted == copies && left == 0 && report.errors().isEmpty();
      System.out.println(ok ? "RESULT: OK" : "RESULT: FAILED");
      System.exit(ok ? 0 : 1);
    }
  }

  private static boolean randomIds;

  static String id(int i) {
    if (randomIds) {
      return RecordingIdentifier.recordingId("pbx1", "1710512553." + i);
    }
    return String.format("rec_%016x", 0x5eed000000000000L + i);
  }

  static String key(String id) {
    return "2024/03/15/" + id + ".wav.gpg";
  }

  /** CPU time of this process, all threads: on a shared machine a steadier figure than the wall time. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim().replaceAll("^(\\S+ \\S+ \\S+).*", "$1");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static long countFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }
}
