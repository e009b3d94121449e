package io.callvault.bench;

import io.callvault.demo.EmbeddedS3Server;
import io.callvault.demo.EmbeddedSftpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded S3 and SFTP servers of the ingest benchmark, in a JVM of their own, so that the heap, RSS
 * and CPU the benchmark reports are callvault's alone.
 *
 * <p>As a main: starts both servers on {@code <home>/s3} and {@code <home>/sftp}, prints one
 * {@code READY} line with the S3 endpoint and keys and the SFTP port, and stops when its standard input
 * closes (when the benchmark that started it ends, however it ends).
 */
final class BenchServers implements AutoCloseable {
  static final String USER = "bench";
  static final String PASSWORD = "bench-password";
  /** The password of the bench's TLS key store and trust store (throwaway, generated per bench). */
  static final String TLS_PASSWORD = "bench-tls-password";

  final URI s3Endpoint;
  final String s3AccessKey;
  final String s3SecretKey;
  final int sftpPort;
  final Path knownHosts;
  /** With HTTPS: the server's certificate as PEM (for rclone) and in a PKCS12 trust store (for the JVM); else null. */
  final Path caPem;
  final Path trustStore;
  private final Process process;
  private final AutoCloseable[] inProcess;

  private BenchServers(URI s3Endpoint, String s3AccessKey, String s3SecretKey, int sftpPort, Path knownHosts,
      Path tlsDir, Process process, AutoCloseable... inProcess) {
    this.s3Endpoint = s3Endpoint;
    this.s3AccessKey = s3AccessKey;
    this.s3SecretKey = s3SecretKey;
    this.sftpPort = sftpPort;
    this.knownHosts = knownHosts;
    this.caPem = tlsDir == null ? null : tlsDir.resolve("s3.pem");
    this.trustStore = tlsDir == null ? null : tlsDir.resolve("trust.p12");
    this.process = process;
    this.inProcess = inProcess;
  }

  /** Both servers in this JVM; S3 over HTTPS when {@code https}. */
  static BenchServers inProcess(Path home, boolean https) throws IOException {
    EmbeddedS3Server s3 = new EmbeddedS3Server(home.resolve("s3"));
    Path tlsDir = https ? tlsMaterial(home.resolve("tls")) : null;
    if (tlsDir != null) {
      s3.tls(tlsDir.resolve("server.p12"), TLS_PASSWORD);
    }
    s3.start();
    EmbeddedSftpServer sftp = new EmbeddedSftpServer(home.resolve("sftp"), home.resolve("hostkey.pem"), USER, PASSWORD);
    sftp.start();
    Path knownHosts = sftp.writeKnownHosts(home.resolve("known_hosts"));
    return new BenchServers(s3.endpoint(), s3.accessKey(), s3.secretKey(), sftp.port(), knownHosts, tlsDir, null,
        sftp, s3);
  }

  /** Both servers in a child JVM (same java, same class path, {@code -Xmx512m}). */
  static BenchServers separate(Path home, boolean https) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        BenchServers.class.getName(), home.toString(), https ? "https" : "http"));
    Process p = new ProcessBuilder(cmd).redirectError(home.resolve("servers.log").toFile()).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("READY ")) {
        String[] f = line.split(" ");
        return new BenchServers(URI.create(f[1]), f[2], f[3], Integer.parseInt(f[4]), Path.of(f[5]),
            https ? home.resolve("tls") : null, p);
      }
    }
    p.destroyForcibly();
    throw new IOException("the server JVM ended before it was ready; see " + home.resolve("servers.log"));
  }

  /**
   * A throwaway self-signed certificate for 127.0.0.1, made with the JDK's keytool: {@code server.p12} (key and
   * certificate), {@code s3.pem} and {@code trust.p12} (the certificate alone).
   */
  private static Path tlsMaterial(Path dir) throws IOException {
    Files.createDirectories(dir);
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    keytool(List.of(keytool, "-genkeypair", "-alias", "s3", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
        "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore",
        dir.resolve("server.p12").toString(), "-storepass", TLS_PASSWORD));
    keytool(List.of(keytool, "-exportcert", "-rfc", "-alias", "s3", "-keystore", dir.resolve("server.p12").toString(),
        "-storepass", TLS_PASSWORD, "-file", dir.resolve("s3.pem").toString()));
    keytool(List.of(keytool, "-importcert", "-noprompt", "-alias", "s3", "-file", dir.resolve("s3.pem").toString(),
        "-storetype", "PKCS12", "-keystore", dir.resolve("trust.p12").toString(), "-storepass", TLS_PASSWORD));
    return dir;
  }

  private static void keytool(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", command.subList(0, 2)) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool ran", e);
    }
  }

  /** Makes this JVM (the bench's baseline and the hub) trust the bench's S3 certificate; nothing with HTTP. */
  void trustInThisJvm() {
    if (trustStore != null) {
      System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
      System.setProperty("javax.net.ssl.trustStorePassword", TLS_PASSWORD);
      System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }
  }

  /** CPU time of the server JVM so far (0 when the servers run in this JVM). */
  long cpuNanos() {
    return process == null ? 0 : process.toHandle().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
  }

  boolean separate() {
    return process != null;
  }

  @Override
  public void close() throws Exception {
    if (process != null) {
      process.getOutputStream().close();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    for (AutoCloseable c : inProcess) {
      c.close();
    }
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    Files.createDirectories(home);
    try (BenchServers s = inProcess(home, args.length > 1 && args[1].equals("https"))) {
      System.out.println("READY " + s.s3Endpoint + " " + s.s3AccessKey + " " + s.s3SecretKey + " " + s.sftpPort + " "
          + s.knownHosts);
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the benchmark closes our standard input
      }
    }
  }
}
