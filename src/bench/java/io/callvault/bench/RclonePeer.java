package io.callvault.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The peer of the ingest bench: {@code rclone move} (Debian's rclone) from the bench's SFTP server to its S3
 * server, on the same generated files, with as many transfers as the bench has workers. A plain copy: no consent,
 * masking, encryption or catalog. Its remotes are given in the environment (no rclone config file is read or
 * written); the SFTP server has no shell, so rclone checks sizes, not hashes, as it would on a PBX without one.
 */
final class RclonePeer {
  private RclonePeer() {}

  static boolean installed() {
    try {
      return run(List.of("rclone", "version"), Map.of()).exitCode == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Links the files into a drop folder of their own and moves them with one rclone run; latency is the whole run. */
  static IngestBench.Outcome move(Path sftpRoot, Path master, int generated, List<String> names, int tag,
      int transfers, BenchServers servers, long t0) throws IOException, InterruptedException {
    String dir = "drop-" + tag + "/peer";
    Path local = Files.createDirectories(sftpRoot.resolve(dir));
    for (int i = 0; i < names.size(); i++) {
      Files.createLink(local.resolve(names.get(i)), master.resolve(i % generated + ".wav"));
    }
    Path config = sftpRoot.resolveSibling("rclone.conf");
    if (!Files.exists(config)) {
      Files.writeString(config, "# empty: the bench gives rclone its remotes in the environment\n");
    }
    List<String> command = new ArrayList<>(List.of("rclone", "move", "pbx:" + dir, "s3:bench-peer/" + tag,
        "--transfers", Integer.toString(transfers), "--config", config.toString()));
    if (servers.caPem != null) {
      command.addAll(List.of("--ca-cert", servers.caPem.toString())); // the bench server's self-signed certificate
    }
    Result r = run(command, remotes(servers));
    long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
    int left;
    try (Stream<Path> s = Files.list(local)) {
      left = (int) s.count();
    }
    if (r.exitCode != 0) {
      System.err.println("rclone move exited with " + r.exitCode + ": " + r.output);
    }
    return new IngestBench.Outcome(new ArrayList<>(Collections.nCopies(names.size() - left, elapsedMs)), left);
  }

  private static Map<String, String> remotes(BenchServers servers) throws IOException {
    Result obscured = run(List.of("rclone", "obscure", BenchServers.PASSWORD), Map.of());
    return Map.ofEntries(
        Map.entry("RCLONE_CONFIG_PBX_TYPE", "sftp"),
        Map.entry("RCLONE_CONFIG_PBX_HOST", "127.0.0.1"),
        Map.entry("RCLONE_CONFIG_PBX_PORT", Integer.toString(servers.sftpPort)),
        Map.entry("RCLONE_CONFIG_PBX_USER", BenchServers.USER),
        Map.entry("RCLONE_CONFIG_PBX_PASS", obscured.output.strip()),
        Map.entry("RCLONE_CONFIG_PBX_KNOWN_HOSTS_FILE", servers.knownHosts.toString()),
        Map.entry("RCLONE_CONFIG_PBX_SHELL_TYPE", "none"),
        Map.entry("RCLONE_CONFIG_S3_TYPE", "s3"),
        Map.entry("RCLONE_CONFIG_S3_PROVIDER", "Other"),
        Map.entry("RCLONE_CONFIG_S3_ENDPOINT", servers.s3Endpoint.toString()),
        Map.entry("RCLONE_CONFIG_S3_REGION", "us-east-1"),
        Map.entry("RCLONE_CONFIG_S3_ACCESS_KEY_ID", servers.s3AccessKey),
        Map.entry("RCLONE_CONFIG_S3_SECRET_ACCESS_KEY", servers.s3SecretKey),
        Map.entry("RCLONE_CONFIG_S3_FORCE_PATH_STYLE", "true"));
  }

  private record Result(int exitCode, String output) {}

  private static Result run(List<String> command, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    // a CA bundle for real AWS makes rclone's S3 client refuse its plain-HTTP transport to the bench's server
    // (with HTTPS, --ca-cert names the bench server's certificate)
    pb.environment().remove("AWS_CA_BUNDLE");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      return new Result(p.waitFor(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while rclone ran", e);
    }
  }
}
