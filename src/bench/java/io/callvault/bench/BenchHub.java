package io.callvault.bench;

import io.callvault.camel.Hub;
import io.callvault.config.Settings;
import io.callvault.crypto.GeneratedKey;
import io.callvault.crypto.KeyPairs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real hub for the benchmarks: Camel with the repository's routes/ (ingest.camel.yaml and its steps), one
 * PBX source route per drop ({@code drop-0}, {@code drop-1}... on the bench's SFTP server, one consumer each),
 * the bench's S3 server, an H2 file catalog, a generated key for every purpose, and a consent CSV in which every
 * bench caller consented to training. Files dropped in a drop are claimed, ingested and deleted by the routes.
 */
final class BenchHub implements AutoCloseable {
  static final Path REPO = Path.of("").toAbsolutePath();

  final Hub hub;
  final List<Path> drops = new ArrayList<>();
  private final List<String> sourceRoutes = new ArrayList<>();

  /**
   * @param purposes how many of training, quality, legal (in that order) the policies keep
   * @param sources how many PBX sources (drops), each consumed by its own route
   * @param concurrency consumers per source (its routes' concurrency)
   * @param settings hub settings given with --set, over the bench's own
   */
  BenchHub(Path benchHome, BenchServers servers, int purposes, int sources, int concurrency, long pollMillis,
      Map<String, String> settings) throws IOException {
    Path home = Files.createDirectories(benchHome).toAbsolutePath(); // settings' relative paths start at config/
    GeneratedKey key = KeyPairs.generate("bench-hub", "bench <bench@callvault.invalid>", home.resolve("hub-keys"));
    Path routes = routes(home.resolve("hub-routes"), sources);
    Map<String, String> o = new LinkedHashMap<>();
    o.put("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
    o.put("camel.server.port", "0");
    o.put("pbx1.password", "unused"); // the shipped PBX source is not loaded
    o.put("pbx.host", "127.0.0.1");
    o.put("pbx.port", Integer.toString(servers.sftpPort));
    o.put("pbx.username", BenchServers.USER);
    o.put("pbx.password", BenchServers.PASSWORD);
    o.put("pbx.known-hosts-file", servers.knownHosts.toString());
    o.put("pbx.poll-interval", Long.toString(pollMillis));
    o.put("callvault.drop.min-age", "PT0S");
    // one consumer per source unless --concurrency asks for more (the routes' default is the number of cores)
    o.put("callvault.drop.concurrency", Integer.toString(concurrency));
    o.put("callvault.temp-dir", home.resolve("hub-tmp").toString());
    o.put("callvault.policies", policies(home, key.publicKeyFile(), purposes).toString());
    o.put("callvault.subject-key-secret", "bench-subject-secret-0123456789abcdef");
    o.put("consent.source", "csv");
    o.put("consent.csv.file", consent(home).toString());
    o.put("catalog.url", "jdbc:h2:file:" + home.resolve("hub-catalog/callvault"));
    o.put("s3.endpoint", servers.s3Endpoint.toString());
    o.put("s3.region", "us-east-1");
    o.put("s3.access-key", servers.s3AccessKey);
    o.put("s3.secret-key", servers.s3SecretKey);
    o.put("s3.create-buckets", "true");
    o.put("audit.anchor.cron", "0 0 0 1 1 ? 2099");
    o.putAll(settings); // --set key=value
    for (int k = 0; k < sources; k++) {
      drops.add(Files.createDirectories(home.resolve("sftp").resolve("drop-" + k)));
    }
    hub = Hub.create(Settings.load(REPO.resolve("config/application.properties"), o), Clock.systemUTC()).start();
  }

  /** Stops the PBX sources' polling (while another phase runs) or starts it again. */
  void polling(boolean on) throws Exception {
    // each source's consumers: its route and, with concurrency C, the routes <id>-2 .. <id>-C
    List<String> consumers = hub.camelContext().getRoutes().stream().map(r -> r.getRouteId())
        .filter(id -> sourceRoutes.stream().anyMatch(s -> id.equals(s) || id.startsWith(s + "-"))).toList();
    for (String id : consumers) {
      if (on) {
        hub.camelContext().getRouteController().resumeRoute(id);
      } else {
        hub.camelContext().getRouteController().suspendRoute(id);
      }
    }
  }

  private Path routes(Path dir, int sources) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> s = Files.list(REPO.resolve("routes"))) {
      for (Path p : s.filter(p -> !p.getFileName().toString().startsWith("pbx-asterisk")).toList()) {
        Files.copy(p, dir.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    for (int k = 0; k < sources; k++) {
      String id = "pbx-bench-" + k;
      sourceRoutes.add(id);
      Files.writeString(dir.resolve(id + ".camel.yaml"), """
          - templatedRoute:
              routeTemplateRef: pbx-sftp-source
              routeId: %s
              parameters:
                - {name: sourceId, value: bench-%d}
                - {name: host, value: "{{pbx.host}}"}
                - {name: port, value: "{{pbx.port}}"}
                - {name: username, value: "{{pbx.username}}"}
                - {name: password, value: "{{pbx.password}}"}
                - {name: directory, value: drop-%d}
                - {name: format, value: freepbx}
                - {name: timezone, value: Europe/London}
                - {name: pollInterval, value: "{{pbx.poll-interval}}"}
                - {name: knownHostsFile, value: "{{pbx.known-hosts-file}}"}
          """.formatted(id, k, k));
    }
    return dir;
  }

  /** The shipped purposes (their retention, legal basis and metadata), recipients the bench key, the first N. */
  private static Path policies(Path home, Path key, int count) throws IOException {
    String shipped = Files.readString(REPO.resolve("config/policies.yaml"));
    String[] parts = shipped.split("\n  - name: ");
    StringBuilder out = new StringBuilder(parts[0]);
    for (int i = 1; i <= count && i < parts.length; i++) {
      out.append("\n  - name: ").append(parts[i].replaceAll("recipients:\\s*\\[[^\\]]*]", "recipients: [" + key + "]"));
    }
    return Files.writeString(home.resolve("hub-policies.yaml"), out.toString());
  }

  /** Every bench caller (07700900000 to 07700900999) consented to training. */
  private static Path consent(Path home) throws IOException {
    StringBuilder csv = new StringBuilder("subject,training\n");
    for (int i = 0; i < 1000; i++) {
      csv.append(String.format("+447700900%03d,granted%n", i));
    }
    return Files.writeString(home.resolve("hub-consent.csv"), csv);
  }

  @Override
  public void close() {
    hub.close();
  }
}
