package io.callvault.camel;

import io.callvault.config.Settings;
import io.callvault.crypto.KeyPairs;
import io.callvault.demo.EmbeddedS3Server;
import io.callvault.demo.EmbeddedSftpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A whole hub for integration tests: a copy of the repository's routes/ and a configuration of the test's own
 * ({@link io.callvault.testing.TestConfig}, never the shipped config/) in {@link #dir}, with an embedded SFTP
 * drop (MINA SSHD), an embedded S3 (S3Proxy) and a test key pair; tests add consent overrides.
 */
final class HubFixture implements AutoCloseable {
  static final Path REPO = Path.of("").toAbsolutePath();

  final Path dir;
  final Path sftpRoot;
  final Path drop;
  final Path routes;
  final Path secretKey;
  final Path publicKey;
  final EmbeddedSftpServer sftp;
  EmbeddedS3Server s3;
  final Map<String, String> overrides = new LinkedHashMap<>();
  /** Every file the SFTP server opened for a client, as the server's path of it. */
  final java.util.Queue<String> opened = new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** File names (without directories) whose content the SFTP server refuses to read while listed here. */
  final java.util.Set<String> unreadable = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Told, on the SFTP server's own threads, of each file a client opens or reads; tests break downloads here. */
  volatile SftpHook sftpHook;
  /** Endings of file names the SFTP server refuses to create or write while listed here. */
  final java.util.Set<String> unwritable = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** File names (without directories) the SFTP server refuses to rename while listed here. */
  final java.util.Set<String> unmovable = java.util.concurrent.ConcurrentHashMap.newKeySet();
  static final String WEBHOOK_SECRET = "webhook-secret-for-tests-0123456789";
  final int httpPort;
  /** The hub's clock: the system's, until a test moves it on ({@link MovableClock#advance}). */
  final MovableClock clock = new MovableClock();
  /** Camel's management server: /observe/health and /observe/metrics. */
  final int managementPort;
  Hub hub;

  HubFixture(Path dir, Path keyDir) throws Exception {
    this.dir = dir;
    this.sftpRoot = Files.createDirectories(dir.resolve("sftp"));
    this.drop = Files.createDirectories(sftpRoot.resolve("drop"));
    this.routes = Files.createDirectories(dir.resolve("routes"));
    try (Stream<Path> s = Files.list(REPO.resolve("routes"))) {
      for (Path p : s.toList()) {
        Files.copy(p, routes.resolve(p.getFileName()));
      }
    }
    this.secretKey = keyDir.resolve("it.sec.asc");
    this.publicKey = keyDir.resolve("it.pub.asc");
    if (!Files.exists(secretKey)) {
      KeyPairs.generate("it", "callvault test <it@callvault.invalid>", keyDir);
    }
    io.callvault.testing.TestConfig.write(dir, publicKey);
    Files.writeString(dir.resolve("policies.yaml"), policies().replace("retention: P6M", "retention: P30Y"));
    this.sftp = new EmbeddedSftpServer(sftpRoot, dir.resolve("hostkey.pem"), "pbx", "secret-pw")
        .sftpEventListener(new OpenedFiles(opened, unreadable, unwritable, unmovable, () -> sftpHook));
    sftp.start();
    // a fixed port, so that a test can stop S3 and start it again where the hub expects it
    this.s3 = new EmbeddedS3Server(dir.resolve("s3"), freePort(), null, null);
    s3.start();
    Path knownHosts = sftp.writeKnownHosts(dir.resolve("known_hosts"));
    this.httpPort = freePort();
    overrides.put("camel.server.port", Integer.toString(httpPort));
    this.managementPort = freePort();
    overrides.put("camel.management.port", Integer.toString(managementPort));
    overrides.put("api.webhook-secret", WEBHOOK_SECRET);
    for (String[] t : new String[][] {{"dpo", "dpo"}, {"auditor", "auditor"}, {"reviewer", "quality-reviewer"},
        {"trainer", "training-reviewer"}}) {
      overrides.put("api.token." + t[0] + ".sha256", io.callvault.api.ApiAccess.sha256Hex(t[0] + "-token"));
      overrides.put("api.token." + t[0] + ".roles", t[1]);
    }
    overrides.put("pbx1.host", "127.0.0.1");
    overrides.put("pbx1.port", Integer.toString(sftp.port()));
    overrides.put("pbx1.username", "pbx");
    overrides.put("pbx1.password", "secret-pw");
    overrides.put("pbx1.directory", "drop");
    overrides.put("pbx1.timezone", "UTC");
    overrides.put("pbx1.poll-interval", "200");
    overrides.put("pbx1.known-hosts-file", knownHosts.toString());
    overrides.put("callvault.drop.min-age", "PT0S");
    overrides.put("callvault.drop.max-attempts", "3");
    overrides.put("callvault.temp-dir", dir.resolve("tmp").toString());
    overrides.put("callvault.policies", dir.resolve("policies.yaml").toString());
    overrides.put("callvault.subject-key-secret", "integration-test-secret-0123456789");
    overrides.put("consent.source", "csv");
    overrides.put("consent.csv.file", dir.resolve("consent.csv").toString());
    overrides.put("consent.retry.initial-backoff", "PT0.01S");
    overrides.put("catalog.url", "jdbc:h2:file:" + dir.resolve("catalog/callvault"));
    overrides.put("catalog.password", "");
    overrides.put("s3.endpoint", s3.endpoint().toString());
    overrides.put("s3.region", "us-east-1");
    overrides.put("s3.access-key", s3.accessKey());
    overrides.put("s3.secret-key", s3.secretKey());
    overrides.put("s3.create-buckets", "true");
    Files.writeString(dir.resolve("consent.csv"), "subject,training,quality\n");
  }

  /**
   * The shipped policies, encrypting to the test key. The hub's tests drop calls of March 2024, which the shipped
   * six months would expire on arrival, so the fixture keeps those purposes 30 years unless a test asks for
   * {@link #shippedRetention()}.
   */
  private String policies() throws IOException {
    return io.callvault.testing.TestConfig.resource("policies.yaml")
        .replaceAll("recipients:\\s*\\[[^\\]]*]", "recipients: [" + publicKey + "]");
  }

  /** The shipped retentions (six months for training and quality), for tests of retention itself. */
  HubFixture shippedRetention() throws IOException {
    Files.writeString(dir.resolve("policies.yaml"), policies());
    return this;
  }

  /**
   * Adds a PBX source (a route file like routes/pbx-asterisk-1.camel.yaml) polling {@code directory} of the
   * embedded SFTP server with the pbx1 login, in {@code format} set up from {@code formatConfig} (a repository
   * path, or empty), plus any other template parameters. Returns the drop directory on the server's disk.
   */
  Path addSource(String sourceId, String format, String formatConfig, String directory, Map<String, String> more)
      throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("sourceId", sourceId);
    params.put("host", "{{pbx1.host}}");
    params.put("port", "{{pbx1.port}}");
    params.put("username", "{{pbx1.username}}");
    params.put("password", "{{pbx1.password}}");
    params.put("directory", directory);
    params.put("format", format);
    params.put("formatConfig", formatConfig.isEmpty() ? "" : REPO.resolve(formatConfig).toString());
    params.put("timezone", "UTC");
    params.put("pollInterval", "200");
    params.put("knownHostsFile", "{{pbx1.known-hosts-file}}");
    params.putAll(more);
    StringBuilder yaml = new StringBuilder("- templatedRoute:\n    routeTemplateRef: pbx-sftp-source\n    routeId: pbx-"
        + sourceId + "\n    parameters:\n");
    params.forEach((k, v) -> yaml.append("      - name: ").append(k).append("\n        value: \"")
        .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n"));
    Files.writeString(routes.resolve("pbx-" + sourceId + ".camel.yaml"), yaml.toString());
    return Files.createDirectories(sftpRoot.resolve(directory.replaceFirst("^/", "")));
  }

  /** What the rights API answers a DPO asking for a subject's recordings, the reference in the header. */
  java.net.http.HttpResponse<String> subjectRecordings(String subject) throws Exception {
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + httpPort + "/api/subjects/-/recordings"))
        .header("Authorization", "Bearer dpo-token").header("X-Callvault-Subject", subject).GET().build();
    return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  /** Puts a file into a drop directory the way a PBX does: written first, then visible as finished. */
  static Path dropInto(Path dropDir, String relativePath, byte[] content) throws IOException {
    Path target = dropDir.resolve(relativePath);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
    Files.write(tmp, content);
    Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().minusSeconds(60)));
    Files.move(tmp, target);
    return target;
  }

  HubFixture consentCsv(String content) throws IOException {
    Files.writeString(dir.resolve("consent.csv"), content);
    return this;
  }

  HubFixture start() {
    hub = Hub.create(settings(), routes, clock).serveCommands(io.callvault.cli.Cli::inHub).start();
    return this;
  }

  /** The hub's settings: the test's configuration in {@link #dir} with {@link #overrides} on top. */
  Settings settings() {
    return Settings.load(dir.resolve("application.properties"), overrides);
  }

  /** Puts a file into the drop the way a PBX does: written first, then visible as finished. */
  Path dropFile(String relativePath, byte[] content) throws IOException {
    Path target = drop.resolve(relativePath);
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
    Files.write(tmp, content);
    Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().minusSeconds(60)));
    Files.move(tmp, target);
    return target;
  }

  /** True once a file exists and is no longer empty (the SFTP server writes it after creating it). */
  static boolean written(Path file) {
    try {
      return Files.exists(file) && Files.size(file) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Stops the embedded S3 server (an outage); {@link #restartS3} brings it back on the same port and data. */
  void stopS3() {
    s3Port = s3.endpoint().getPort();
    s3.close();
  }

  void restartS3() throws IOException {
    s3 = new EmbeddedS3Server(dir.resolve("s3"), s3Port, s3.accessKey(), s3.secretKey()).start();
  }

  /** Stops the embedded SFTP server (every session dropped at once); {@link #restartSftp} starts it again. */
  void stopSftp() throws IOException {
    sftpPort = sftp.port();
    sftp.close();
  }

  /** Starts the SFTP server again on the same port, with the same host key and files. */
  void restartSftp() throws IOException {
    sftp.port(sftpPort).start();
  }

  private int sftpPort;

  private int s3Port;

  /** Lets the hub decrypt every purpose (playback, access packages) with the test key. */
  HubFixture withDecryptionKeys() {
    for (String purpose : java.util.List.of("training", "quality", "legal")) {
      overrides.put("rights.decryption-key." + purpose, secretKey.toString());
    }
    return this;
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what);
  }

  /** What a test does when the SFTP server opens or reads a file (on the server's thread for that session). */
  interface SftpHook {
    void reading(org.apache.sshd.server.session.ServerSession session, Path file, long offset) throws IOException;

    default void opening(Path file) {
    }
  }

  /**
   * Records the files (not directories) the SFTP server opens, and fails reads of the unreadable ones. Like an SFTP
   * server running as an unprivileged user, it refuses to open a file whose mode grants no read permission (chmod
   * 000): this test JVM runs as root (so does CI), whom the kernel lets read any file, so the server checks the mode
   * itself and answers "permission denied", as OpenSSH's sftp-server would for its user.
   */
  private record OpenedFiles(java.util.Queue<String> opened, java.util.Set<String> unreadable,
      java.util.Set<String> unwritable, java.util.Set<String> unmovable,
      java.util.function.Supplier<SftpHook> hook)
      implements org.apache.sshd.sftp.server.SftpEventListener {
    @Override
    public void reading(org.apache.sshd.server.session.ServerSession session, String remoteHandle,
        org.apache.sshd.sftp.server.FileHandle localHandle, long offset, byte[] data, int dataOffset, int dataLen)
        throws IOException {
      if (unreadable.contains(localHandle.getFile().getFileName().toString())) {
        throw new IOException("test: this file cannot be read");
      }
      SftpHook h = hook.get();
      if (h != null) {
        h.reading(session, localHandle.getFile(), offset);
      }
    }

    @Override
    public void opening(org.apache.sshd.server.session.ServerSession session, String remoteHandle,
        org.apache.sshd.sftp.server.Handle localHandle) throws IOException {
      if (localHandle instanceof org.apache.sshd.sftp.server.FileHandle file) {
        opened.add(localHandle.getFile().toString());
        SftpHook h = hook.get();
        if (h != null) {
          h.opening(file.getFile());
        }
        Path p = file.getFile();
        if (unwritable.stream().anyMatch(p.getFileName().toString()::endsWith)
            && file.getOpenOptions().contains(java.nio.file.StandardOpenOption.WRITE)) {
          throw new java.nio.file.AccessDeniedException(p.toString(), null, "test: not writable");
        }
        if (Files.isRegularFile(p) && !file.getOpenOptions().contains(java.nio.file.StandardOpenOption.WRITE)
            && java.util.Collections.disjoint(Files.getPosixFilePermissions(p), java.util.Set.of(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.GROUP_READ,
                java.nio.file.attribute.PosixFilePermission.OTHERS_READ))) {
          throw new java.nio.file.AccessDeniedException(p.toString(), null, "test: mode grants no read permission");
        }
      }
    }

    @Override
    public void moving(org.apache.sshd.server.session.ServerSession session, Path srcPath, Path dstPath,
        java.util.Collection<java.nio.file.CopyOption> opts) throws IOException {
      if (unmovable.contains(srcPath.getFileName().toString())) {
        throw new java.nio.file.AccessDeniedException(srcPath.toString(), null, "test: cannot be moved");
      }
    }

    @Override
    public void openFailed(org.apache.sshd.server.session.ServerSession session, String remotePath, Path localPath,
        boolean isDirectory, Throwable thrown) {
      if (!isDirectory) {
        opened.add(localPath.toString());
      }
    }
  }

  @Override
  public void close() throws Exception {
    if (hub != null) {
      hub.close();
    }
    s3.close();
    sftp.close();
  }

  /** The system clock, moved on by what a test adds: months pass in a second for the hub, never backwards. */
  static final class MovableClock extends Clock {
    private final java.util.concurrent.atomic.AtomicReference<Duration> offset =
        new java.util.concurrent.atomic.AtomicReference<>(Duration.ZERO);

    void advance(Duration by) {
      offset.accumulateAndGet(by, Duration::plus);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException("the hub's clock is UTC");
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset.get());
    }
  }

  /** The hub's catalog: {@code catalog}'s URL, user and password instead of the fixture's H2 file. */
  void catalog(io.callvault.catalog.CatalogSettings catalog) {
    overrides.put("catalog.url", catalog.jdbcUrl());
    overrides.put("catalog.user", catalog.user() == null ? "" : catalog.user());
    overrides.put("catalog.password", catalog.password() == null ? "" : catalog.password());
  }
}
