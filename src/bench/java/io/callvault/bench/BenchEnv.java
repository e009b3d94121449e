package io.callvault.bench;

import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CatalogSettings;
import io.callvault.catalog.SubjectKeys;
import io.callvault.consent.ConsentAnswer;
import io.callvault.consent.ConsentStatus;
import io.callvault.crypto.GeneratedKey;
import io.callvault.crypto.KeyPairs;
import io.callvault.crypto.PublicKeys;
import io.callvault.crypto.RecordingEncryptor;
import io.callvault.demo.EmbeddedS3Server;
import io.callvault.audio.MaskSettings;
import io.callvault.policy.ExpiryAction;
import io.callvault.policy.LegalBasis;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import io.callvault.policy.PurposePolicy;
import io.callvault.source.PhoneNumbers;
import io.callvault.store.ObjectStore;
import io.callvault.store.S3Clients;
import io.callvault.store.S3Settings;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Period;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.openpgp.PGPPublicKey;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The catalog and S3 pieces of the benchmark mains: H2 file catalog, embedded S3 (S3Proxy, filesystem store),
 * a generated RSA-3072 key and the three purposes of the shipped config/policies.yaml. The ingest itself runs
 * through the real routes ({@link BenchHub}).
 */
final class BenchEnv implements AutoCloseable {
  static final String SOURCE = "pbx1";

  final Path home;
  final EmbeddedS3Server s3Server;
  final S3Client s3;
  final ObjectStore store;
  final Catalog catalog;
  final PolicySet policies;
  final AuditTrail audit;

  BenchEnv(Path home, int purposeCount, boolean masking) throws IOException {
    this(home, purposeCount, masking, null);
  }

  /**
   * @param servers where the S3 server runs; null: a new one in this JVM, after emptying {@code home}
   *     (with servers given, {@code home} is left as it is: they keep their data there)
   */
  BenchEnv(Path home, int purposeCount, boolean masking, BenchServers servers) throws IOException {
    this.home = home;
    if (servers == null) {
      deleteTree(home);
    }
    Files.createDirectories(home);
    if (servers == null) {
      s3Server = new EmbeddedS3Server(home.resolve("s3")).start();
      s3 = S3Clients.build(S3Settings.compatible(s3Server.endpoint(), "us-east-1", s3Server.accessKey(),
          s3Server.secretKey()));
    } else {
      s3Server = null;
      s3 = S3Clients.build(S3Settings.compatible(servers.s3Endpoint, "us-east-1", servers.s3AccessKey,
          servers.s3SecretKey));
    }
    store = new ObjectStore(s3);
    catalog = Catalog.open(new CatalogSettings("jdbc:h2:file:" + home.resolve("catalog/callvault").toAbsolutePath(),
        "sa", ""));
    Clock clock = Clock.systemUTC();
    audit = new AuditTrail(catalog, clock);
    GeneratedKey key = KeyPairs.generate("bench", "bench <bench@callvault.invalid>", home.resolve("keys"));
    List<PGPPublicKey> recipients = PublicKeys.encryptionKeys(key.publicKeyFile());
    List<Purpose> all = purposes(key.publicKeyFile());
    policies = new PolicySet(all.subList(0, purposeCount));
    Map<String, List<PGPPublicKey>> byPurpose = new LinkedHashMap<>();
    for (Purpose p : policies.purposes()) {
      store.ensureBucket(p.bucket());
      byPurpose.put(p.name(), recipients);
    }
  }

  /** training (consent), quality (legitimate interest), legal (legal obligation), as in config/policies.yaml. */
  static List<Purpose> purposes(Path key) {
    String template = "{yyyy}/{MM}/{dd}/{id}.{ext}.gpg";
    return List.of(
        new Purpose("training", LegalBasis.CONSENT, "training", Period.ofMonths(6), "callvault-training", template,
            List.of(key), ExpiryAction.DELETE, null, null, List.of("duration")),
        new Purpose("quality", LegalBasis.LEGITIMATE_INTEREST, null, Period.ofMonths(6), "callvault-quality", template,
            List.of(key), ExpiryAction.ANONYMISE, null, null,
            List.of("direction", "call-type", "duration", "disposition", "agent")),
        new Purpose("legal", LegalBasis.LEGAL_OBLIGATION, null, Period.ofYears(5), "callvault-legal", template,
            List.of(key), ExpiryAction.DELETE, null, null,
            List.of("direction", "call-start", "duration", "disposition", "source")));
  }

  @Override
  public void close() {
    catalog.close();
    s3.close();
    if (s3Server != null) {
      s3Server.close();
    }
  }

  /** Sum of the peak usage of every heap pool since start (or the last reset): an upper bound of the peak heap. */
  static long peakHeapPoolsBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** Samples the used heap every 20 ms on a daemon thread and keeps the peak, until closed. */
  static final class HeapSampler implements AutoCloseable {
    private final java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
    private final Thread thread = new Thread(this::sample, "heap-sampler");

    HeapSampler() {
      thread.setDaemon(true);
      thread.start();
    }

    private void sample() {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    long peak() {
      return peak.get();
    }

    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      thread.join();
    }
  }

  static void resetPeaks() {
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** VmHWM (peak resident set) and VmRSS of this process, in bytes, from /proc/self/status; -1 elsewhere. */
  static long[] rss() {
    long hwm = -1;
    long now = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          hwm = kb(line);
        } else if (line.startsWith("VmRSS:")) {
          now = kb(line);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return new long[] {hwm, now};
  }

  private static long kb(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / 1048576.0);
  }
}
