package io.callvault.demo;

import io.callvault.camel.Hub;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.CopyEntry;
import io.callvault.catalog.QuarantineEntry;
import io.callvault.config.PrivateFiles;
import io.callvault.config.Settings;
import io.callvault.crypto.KeyPairs;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ./callvault demo}: the real hub, over real SFTP and S3, on embedded servers and the CSV
 * consent source, with a generated FreePBX drop. Everything lives under {@code data/demo/}.
 */
public final class DemoRunner {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final PrintStream out;
  private final Path home;
  private final Path configDir;
  private final Path routesDir;

  private final Hub.CommandRunner commands;

  /** @param commands runs the catalog commands other processes send to the demo's hub while it runs */
  public DemoRunner(PrintStream out, Path home, Path configDir, Path routesDir, Hub.CommandRunner commands) {
    this.out = out;
    this.commands = commands;
    this.home = home.toAbsolutePath();
    this.configDir = configDir;
    this.routesDir = routesDir.toAbsolutePath();
  }

  public int run(boolean keepRunning) throws Exception {
    long t0 = System.nanoTime();
    for (String fresh : List.of("sftp", "s3", "catalog", "tmp", "config")) {
      deleteTree(home.resolve(fresh));
    }
    PrivateFiles.directories(home);
    Path keyDir = home.resolve("keys");
    Path secretKey = keyDir.resolve("demo-only-dpo.sec.asc");
    Path publicKey = keyDir.resolve("demo-only-dpo.pub.asc");
    if (!Files.exists(secretKey) || !Files.exists(publicKey)) {
      deleteTree(keyDir);
      PrivateFiles.directories(keyDir);
      KeyPairs.generate("demo-only-dpo", "callvault DEMO ONLY <demo@callvault.invalid>", keyDir);
    }
    Path dropRoot = home.resolve("sftp");
    Path drop = Files.createDirectories(dropRoot.resolve("drop"));
    Path consentCsv = home.resolve("consent.csv");
    DemoDrop.Result generated = DemoDrop.generate(drop, consentCsv, LocalDate.now(ZoneOffset.UTC).minusDays(1), 42L);
    String sftpPassword = HexFormat.of().formatHex(random(12));
    try (EmbeddedSftpServer sftp = new EmbeddedSftpServer(dropRoot, home.resolve("sftp-hostkey.pem"), "demo", sftpPassword);
        EmbeddedS3Server s3 = new EmbeddedS3Server(home.resolve("s3"))) {
      sftp.start();
      s3.start();
      Map<String, String> overrides = overrides(sftp, sftpPassword, s3, consentCsv, publicKey, secretKey);
      DemoProfile.save(home, overrides);
      Settings settings = Settings.load(configDir.resolve("application.properties"), overrides);
      out.println("callvault demo: " + generated.files() + " files in an embedded FreePBX SFTP drop (port " + sftp.port()
          + "), embedded S3 at " + s3.endpoint() + ", consent from " + home.relativize(consentCsv));
      try (Hub hub = Hub.create(settings, routesDir, Clock.systemUTC()).serveCommands(commands).start()) {
        boolean settled = awaitSettled(drop);
        printSummary(hub.beans().catalog(), settled, generated, secretKey, publicKey);
        out.printf("demo finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        if (keepRunning) {
          out.println("--keep-running: the hub keeps polling the drop at " + drop + "; Ctrl-C to stop.");
          out.println("HTTP API on " + hub.httpAddress().orElse("(disabled)")
              + "/api with DEMO tokens demo-dpo-token, demo-auditor-token, demo-quality-token (see README, HTTP API).");
          hub.httpAddress().ifPresent(a -> out.println("Console: " + a + "/console/ (sign in with demo-dpo-token;"
              + " the demo caller is 07700 900884)"));
          Thread.currentThread().join();
        }
        return settled ? 0 : 1;
      }
    }
  }

  /** The demo's settings on top of config/application.properties: the embedded servers, the demo data. */
  private Map<String, String> overrides(EmbeddedSftpServer sftp, String sftpPassword, EmbeddedS3Server s3,
      Path consentCsv, Path publicKey, Path secretKey) throws IOException {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("pbx1.host", "127.0.0.1");
    o.put("pbx1.port", Integer.toString(sftp.port()));
    o.put("pbx1.username", "demo");
    o.put("pbx1.password", sftpPassword);
    o.put("pbx1.directory", "drop");
    o.put("pbx1.timezone", DemoDrop.PBX_ZONE.getId());
    o.put("pbx1.poll-interval", "500");
    o.put("pbx1.known-hosts-file", sftp.writeKnownHosts(home.resolve("known_hosts")).toString());
    o.put("callvault.drop.min-age", "PT0S");
    o.put("callvault.temp-dir", home.resolve("tmp").toString());
    o.put("callvault.policies", writeDemoPolicies(publicKey).toString());
    o.put("callvault.subject-key-secret", stableSecret(home.resolve("subject.secret")));
    o.put("consent.source", "csv");
    o.put("consent.csv.file", consentCsv.toString());
    o.put("catalog.url", "jdbc:h2:file:" + home.resolve("catalog").resolve("callvault"));
    o.put("catalog.user", "sa");
    o.put("catalog.password", "");
    o.put("s3.endpoint", s3.endpoint().toString());
    o.put("s3.region", "us-east-1");
    o.put("s3.access-key", s3.accessKey());
    o.put("s3.secret-key", s3.secretKey());
    o.put("s3.path-style", "true");
    o.put("s3.create-buckets", "true");
    o.putAll(demoApi(secretKey));
    return o;
  }

  /** DEMO-ONLY API tokens (printed in the README), webhook secret and decryption keys. */
  static final Map<String, String> DEMO_TOKENS = Map.of(
      "demo-dpo-token", "dpo", "demo-auditor-token", "auditor", "demo-quality-token", "quality-reviewer");
  static final String DEMO_WEBHOOK_SECRET = "demo-webhook-secret-not-for-production";

  private static Map<String, String> demoApi(Path secretKey) {
    Map<String, String> o = new LinkedHashMap<>();
    DEMO_TOKENS.forEach((token, role) -> {
      String actor = token.replace("-token", "");
      o.put("api.token." + actor + ".sha256", io.callvault.api.ApiAccess.sha256Hex(token));
      o.put("api.token." + actor + ".roles", role);
    });
    o.put("api.webhook-secret", DEMO_WEBHOOK_SECRET);
    for (String purpose : List.of("training", "quality", "legal")) {
      o.put("rights.decryption-key." + purpose, secretKey.toString());
    }
    return o;
  }

  private boolean awaitSettled(Path drop) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (pendingAudio(drop) == 0) {
        Thread.sleep(300); // let the last commit (delete / quarantine move) finish
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  private static long pendingAudio(Path drop) throws IOException {
    try (Stream<Path> s = Files.walk(drop)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !drop.relativize(p).toString().startsWith(".quarantine"))
          .filter(p -> !p.getFileName().toString().equals("Master.csv"))
          .count();
    }
  }

  private void printSummary(Catalog catalog, boolean settled, DemoDrop.Result generated, Path secretKey, Path publicKey) {
    out.println();
    out.println("=== summary ===");
    if (!settled) {
      out.println("WARNING: the drop did not empty within " + TIMEOUT.toSeconds() + " s; see the log above.");
    }
    Map<String, Long> states = catalog.recordingCountsByState();
    out.println("recordings: " + states);
    Map<String, Map<String, Long>> decisions = catalog.decisionCounts();
    Map<String, Long> copies = catalog.copyCountsByPurpose();
    for (Map.Entry<String, Map<String, Long>> e : decisions.entrySet()) {
      String purpose = e.getKey();
      out.printf("  %-10s stored %3d", purpose, copies.getOrDefault(purpose, 0L));
      out.print("   decisions " + e.getValue());
      out.println();
      catalog.deniedReasonsByPurpose(purpose).forEach((reason, n) -> out.printf("             %3d x %s%n", n, reason));
    }
    Map<String, Long> masking = catalog.maskingSummary();
    out.printf("masking (DTMF, before encryption): %d recordings checked, %d tones masked in %d recording(s) (%.2f s of audio silenced), %d not maskable%n",
        masking.get("checked"), masking.get("tones"), masking.get("withTones"), masking.get("maskedMillis") / 1000.0,
        masking.get("notMaskable"));
    List<QuarantineEntry> quarantined = catalog.quarantined();
    out.println("quarantined: " + quarantined.size());
    for (QuarantineEntry q : quarantined) {
      out.println("  " + q.fileRef() + ": " + q.reason());
    }
    out.println();
    out.println("objects (OpenPGP, encrypted to the demo key): " + home.resolve("s3") + "/<bucket>/...");
    out.println("quarantine (with reason files):                " + home.resolve("sftp/drop/.quarantine"));
    out.println("catalog (H2):                                  " + home.resolve("catalog"));
    Path example = exampleObject(catalog);
    out.println("decrypt one with gpg (DEMO key, never use it for real data):");
    out.println("  mkdir -p -m 700 " + home.resolve("gnupg"));
    out.println("  gpg --homedir " + home.resolve("gnupg") + " --batch --import " + secretKey);
    out.println("  gpg --homedir " + home.resolve("gnupg") + " --batch --decrypt "
        + (example == null ? home.resolve("s3") + "/callvault-legal/<key>.wav.gpg" : example) + " > call.wav");
  }

  private Path exampleObject(Catalog catalog) {
    try (Stream<Path> s = Files.walk(home.resolve("s3"))) {
      return s.filter(p -> p.getFileName().toString().endsWith(".gpg")).sorted(Comparator.naturalOrder()).findFirst().orElse(null);
    } catch (IOException e) {
      return null;
    }
  }

  private Path writeDemoPolicies(Path publicKey) throws IOException {
    String text = Files.readString(configDir.resolve("policies.yaml"), StandardCharsets.UTF_8);
    String demo = text.replaceAll("recipients:\\s*\\[[^\\]]*]", "recipients: [" + publicKey.toString().replace("\\", "/") + "]");
    Path dir = home.resolve("config");
    Files.createDirectories(dir);
    Path file = dir.resolve("policies.yaml");
    Files.writeString(file, "# Generated by ./callvault demo from config/policies.yaml, recipients replaced by the demo key.\n" + demo);
    return file;
  }

  private static String stableSecret(Path file) throws IOException {
    if (!Files.exists(file)) {
      PrivateFiles.writeString(file, HexFormat.of().formatHex(random(32)));
    }
    PrivateFiles.restrict(file);
    return Files.readString(file).strip();
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
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
}
