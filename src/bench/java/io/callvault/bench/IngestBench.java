package io.callvault.bench;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * End-to-end ingest benchmark with a same-run baseline.
 *
 * <p>N synthetic WAV files of size S are served by the embedded SFTP server (MINA SSHD). P workers,
 * each with its own SFTP session (JSch, the client Camel's sftp component uses), take files from a
 * queue:
 *
 * <ul>
 *   <li><b>baseline</b>: SFTP stream straight into an S3 PUT on the same embedded S3 server, then
 *       delete from the drop; no consent, masking, encryption or catalog;
 *   <li><b>pipeline</b>: the real hub ({@link BenchHub}): the routes of routes/ (the PBX source template and
 *       ingest.camel.yaml: identify, consent, decide, DTMF masking, OpenPGP encryption for each purpose, the
 *       aws2-s3 upload and its verifying HEAD, H2 catalog, audit), with P PBX sources, one drop and one Camel
 *       consumer each; the route deletes each file from the drop once it is stored;
 *   <li><b>peer</b>: {@code rclone move --transfers P} from the same SFTP server to the same S3 server
 *       ({@link RclonePeer}; {@code ./callvault bench peer} runs pipeline and peer), a plain copy tool an
 *       integrator might use instead; latency is the whole rclone run.
 * </ul>
 *
 * A file is "dropped" when it enters the queue (baseline) or appears in a drop (pipeline): all at once, or at
 * {@code --rate} files per second; latency is from drop to stored (the worker's return; for the pipeline, the
 * file's deletion from the drop, seen by inotify, which includes the routes' poll interval {@code --poll}). Peak heap (sampled every 20 ms) and peak RSS
 * (VmHWM, reset per phase through /proc/self/clear_refs) are per phase, and are this JVM's: with the servers
 * apart, callvault's alone. Before measuring, each phase runs for {@code --warmup} seconds (the JIT needs
 * minutes on 2 cores); then {@code --runs} rounds of both phases give medians and per-run ratios.
 *
 * <p>Arguments: {@code --files N --size S (bytes, k/M/G suffixes) --parallel P [--rate R] [--purposes 1..3]
 * [--phases baseline,pipeline,peer] [--warmup seconds per phase, default 60] [--runs R] [--servers separate|in-process]
 * [--s3 https|http, default https] [--set key=value: a hub setting, repeatable] [--poll milliseconds, default 100] [--sources S, default P: PBX drops] [--concurrency C, default 1: consumers per
 * drop] [--dir target/bench-ingest]}.
 */
public final class IngestBench {
  private static final String USER = BenchServers.USER;
  private static final String PASSWORD = BenchServers.PASSWORD;

  public static void main(String[] args) throws Exception {
    int files = 20;
    long size = 10_000_000;
    int parallel = 2;
    double rate = 0;
    int purposes = 3;
    String phases = "baseline,pipeline";
    double warmupSeconds = 60;
    int runs = 1;
    boolean separateServers = true;
    boolean https = true;
    Path home = Path.of("target/bench-ingest");
    long poll = 100;
    int sources = -1;
    int concurrency = 1;
    Map<String, String> settings = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--files" -> files = Integer.parseInt(v);
        case "--size" -> size = parseSize(v);
        case "--parallel" -> parallel = Integer.parseInt(v);
        case "--rate" -> rate = Double.parseDouble(v);
        case "--purposes" -> purposes = Integer.parseInt(v);
        case "--dir" -> home = Path.of(v);
        case "--poll" -> poll = Long.parseLong(v);
        case "--sources" -> sources = Integer.parseInt(v);
        case "--concurrency" -> concurrency = Integer.parseInt(v);
        case "--phases" -> phases = v;
        case "--set" -> settings.put(v.substring(0, v.indexOf('=')), v.substring(v.indexOf('=') + 1));
        case "--warmup" -> warmupSeconds = Double.parseDouble(v);
        case "--runs" -> runs = Integer.parseInt(v);
        case "--servers" -> separateServers = switch (v) {
          case "separate" -> true;
          case "in-process" -> false;
          default -> throw new IllegalArgumentException("--servers separate|in-process");
        };
        case "--s3" -> https = switch (v) {
          case "https" -> true;
          case "http" -> false;
          default -> throw new IllegalArgumentException("--s3 https|http");
        };
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    home = home.toAbsolutePath();
    size -= size % 2;
    BenchEnv.deleteTree(home);
    Files.createDirectories(home);
    Path master = home.resolve("master");
    Files.createDirectories(master);
    byte[] buf = new byte[1 << 16];
    for (int i = 0; i < files; i++) {
      try (InputStream in = new SyntheticWav(size, i); OutputStream out = Files.newOutputStream(master.resolve(i + ".wav"))) {
        int n;
        while ((n = in.read(buf)) > 0) {
          out.write(buf, 0, n);
        }
      }
    }
    List<String> wanted = List.of(phases.split(","));
    if (wanted.contains("peer") && !RclonePeer.installed()) {
      System.err.println("the peer phase runs rclone, which is not installed: apt-get install rclone (Debian,"
          + " Ubuntu), or see https://rclone.org/install/; the bench installs nothing itself");
      System.exit(2);
    }
    try (BenchServers servers = trusted(separateServers ? BenchServers.separate(home, https)
            : BenchServers.inProcess(home, https));
        BenchEnv env = new BenchEnv(home, purposes, true, servers);
        BenchHub hub = wanted.contains("pipeline") ? new BenchHub(home, servers, purposes,
            sources > 0 ? sources : parallel, concurrency, poll, settings) : null) {
      env.store.ensureBucket("bench-baseline");
      env.store.ensureBucket("bench-peer");
      {
        System.out.printf(Locale.ROOT, "ingest bench: %d files of %s, %d workers, %s, %d purpose(s), masking on,"
            + " warm-up %.0f s per phase, %d run(s), S3 (%s) and SFTP servers %s; %d cores, max heap %s, %s %s%n", files,
            BenchEnv.mib(size), parallel, rate > 0 ? rate + " files/s" : "all dropped at once", purposes, warmupSeconds,
            runs, servers.s3Endpoint.getScheme(), servers.separate() ? "in a separate JVM" : "in this JVM", Runtime.getRuntime().availableProcessors(),
            BenchEnv.mib(Runtime.getRuntime().maxMemory()), System.getProperty("java.vm.name"),
            System.getProperty("java.version"));
        Bench bench = new Bench(env, servers, hub, master, files, home.resolve("sftp"), size, parallel);
        int tag = 0;
        // The JIT compiler takes a large share of the 2 cores for the first minutes (H2, Jetty and the SFTP
        // code are recompiled several times): measure the steady state of a long-running hub, not its start.
        for (String phase : wanted) {
          long until = System.nanoTime() + (long) (warmupSeconds * 1e9);
          Phase last = null;
          int batches = 0;
          while (System.nanoTime() < until) {
            last = bench.run(phase, ++tag, Math.min(files, 100), 0);
            batches++;
          }
          if (last != null) {
            System.out.println("warm-up: " + batches + " batches, the last: " + last);
          }
        }
        Map<String, List<Phase>> results = new LinkedHashMap<>();
        for (int r = 1; r <= runs; r++) {
          for (String phase : wanted) {
            Phase p = bench.run(phase, ++tag, files, rate);
            results.computeIfAbsent(phase, k -> new ArrayList<>()).add(p);
            System.out.println("run " + r + " " + p);
          }
        }
        for (Map.Entry<String, List<Phase>> e : results.entrySet()) {
          System.out.println(median(e.getKey(), e.getValue()));
        }
        for (String against : List.of("baseline", "peer")) {
          List<Phase> b = results.get(against);
          List<Phase> p = results.get("pipeline");
          if (b != null && p != null) {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < b.size(); i++) {
              ratios.add(p.get(i).mbPerSecond() / b.get(i).mbPerSecond());
            }
            System.out.printf(Locale.ROOT, "ratio pipeline/%s (MB/s): median %.2f, per run %s%n", against,
                medianOf(ratios), ratios.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList());
          }
        }
      }
    }
  }

  private static String median(String name, List<Phase> runs) {
    return String.format(Locale.ROOT, "median of %d: %-8s %.1f MB/s, %.1f recordings/s, latency p50 %.0f ms p95 %.0f ms,"
        + " peak heap %s, peak RSS %s", runs.size(), name, medianOf(runs.stream().map(Phase::mbPerSecond).toList()),
        medianOf(runs.stream().map(r -> r.files() / r.seconds()).toList()),
        medianOf(runs.stream().map(r -> (double) r.p50Ms()).toList()),
        medianOf(runs.stream().map(r -> (double) r.p95Ms()).toList()),
        BenchEnv.mib(runs.stream().mapToLong(Phase::peakHeap).max().orElse(0)),
        BenchEnv.mib(runs.stream().mapToLong(Phase::peakRss).max().orElse(0)));
  }

  static double medianOf(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  record Phase(String name, int files, long bytes, double seconds, long p50Ms, long p95Ms, long maxMs, long peakHeap,
      long peakRss, int failures, double cpuSeconds, double jitSeconds, double serverCpuSeconds) {
    double mbPerSecond() {
      return bytes / 1e6 / seconds;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%-8s %d files in %.2f s: %.1f MB/s, %.1f recordings/s, latency p50 %d ms"
          + " p95 %d ms max %d ms, peak heap %s, peak RSS %s, CPU %.1f s (JIT %.1f s) + servers %.1f s"
          + " = %.0f %% of %d cores, failures %d", name, files,
          seconds, mbPerSecond(), files / seconds, p50Ms, p95Ms, maxMs, BenchEnv.mib(peakHeap), BenchEnv.mib(peakRss),
          cpuSeconds, jitSeconds, serverCpuSeconds,
          100 * (cpuSeconds + serverCpuSeconds) / seconds / Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().availableProcessors(), failures);
    }
  }

  private record Job(String name, long droppedNanos) {}

  /** The latency of each file that was moved, and how many were not. */
  record Outcome(List<Long> latencies, int failures) {}

  /** The servers and the generated files, shared by every phase and run. */
  private record Bench(BenchEnv env, BenchServers servers, BenchHub hub, Path master, int generated, Path sftpRoot,
      long size, int parallel) {

  /**
   * One phase over {@code count} of the generated files. Every run drops them under new names (its own PBX
   * unique ids), so the pipeline never finds a run's recordings already stored.
   */
  Phase run(String phase, int tag, int count, double rate) throws Exception {
    if (!List.of("baseline", "pipeline", "peer").contains(phase)) {
      throw new IllegalArgumentException("unknown phase " + phase + " (baseline, pipeline, peer)");
    }
    String day = java.time.LocalDate.now(ZoneId.of("Europe/London")).toString().replace("-", "");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(String.format(Locale.ROOT, "in-01632960000-07700900%03d-%s-142233-1710512553.%d.wav", i % 1000, day,
          tag * 1_000_000 + i));
    }
    if (hub != null) {
      hub.polling(phase.equals("pipeline"));
    }
    System.gc();
    resetRss();
    BenchEnv.resetPeaks();
    BenchEnv.HeapSampler sampler = new BenchEnv.HeapSampler();
    long cpu0 = processCpuNanos();
    long serverCpu0 = servers.cpuNanos();
    long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    long t0 = System.nanoTime();
    Outcome outcome = switch (phase) {
      case "pipeline" -> throughRoutes(names, day, rate, t0);
      case "peer" -> RclonePeer.move(sftpRoot, master, generated, names, tag, parallel, servers, t0);
      default -> baseline(names, tag, rate, t0);
    };
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
    double serverCpuSeconds = (servers.cpuNanos() - serverCpu0) / 1e9;
    double jitSeconds = (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0) / 1e3;
    sampler.close();
    long peakRss = BenchEnv.rss()[0];
    List<Long> sorted = new ArrayList<>(outcome.latencies());
    Collections.sort(sorted);
    return new Phase(phase, sorted.size(), size * sorted.size(), seconds, pct(sorted, 50), pct(sorted, 95),
        sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1), sampler.peak(), peakRss, outcome.failures(),
        cpuSeconds, jitSeconds, serverCpuSeconds);
  }


  /** Waits {@code i / rate} seconds after {@code t0} (no wait when the rate is 0: all at once). */
  private static void pace(int i, double rate, long t0) throws InterruptedException {
    if (rate > 0) {
      long wait = t0 + (long) (i * 1e9 / rate) - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
  }

  /** The real hub: hard links into the drops (round robin); a file is stored when the route deletes it. */
  private Outcome throughRoutes(List<String> names, String day, double rate, long t0) throws Exception {
    String folder = day.substring(0, 4) + "/" + day.substring(4, 6) + "/" + day.substring(6);
    List<Path> dirs = new ArrayList<>();
    for (Path drop : hub.drops) {
      dirs.add(Files.createDirectories(drop.resolve(folder)));
    }
    Map<String, Long> dropped = new java.util.concurrent.ConcurrentHashMap<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicLong failures = new AtomicLong();
    try (java.nio.file.WatchService watch = dirs.get(0).getFileSystem().newWatchService()) {
      for (Path d : dirs) {
        d.register(watch, java.nio.file.StandardWatchEventKinds.ENTRY_DELETE);
      }
      for (int i = 0; i < names.size(); i++) {
        // deletions are timed while the next files are still being dropped (at --rate), not after the last
        deletions(watch, dropped, latencies, failures, rate > 0 ? t0 + (long) (i * 1e9 / rate) : 0);
        Path target = dirs.get(i % dirs.size()).resolve(names.get(i));
        dropped.put(target.toString(), System.nanoTime());
        Files.createLink(target, master.resolve(i % generated + ".wav"));
      }
      long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
      while (!dropped.isEmpty() && System.nanoTime() < deadline) {
        deletions(watch, dropped, latencies, failures, System.nanoTime() + 1_000_000_000L);
      }
      failures.addAndGet(dropped.size());
    }
    return new Outcome(latencies, (int) failures.get());
  }

  /** Times the deletions inotify reports until {@code untilNanos} (System.nanoTime), at least once without waiting. */
  private void deletions(java.nio.file.WatchService watch, Map<String, Long> dropped, List<Long> latencies,
      AtomicLong failures, long untilNanos) throws InterruptedException {
    do {
      long wait = Math.max(0, untilNanos - System.nanoTime());
      java.nio.file.WatchKey key = watch.poll(wait, java.util.concurrent.TimeUnit.NANOSECONDS);
      if (key == null) {
        return;
      }
      long now = System.nanoTime();
      for (java.nio.file.WatchEvent<?> e : key.pollEvents()) {
        Path gone = ((Path) key.watchable()).resolve((Path) e.context());
        Long at = dropped.remove(gone.toString());
        if (at != null) {
          latencies.add((now - at) / 1_000_000);
          if (quarantined(gone)) {
            failures.incrementAndGet();
          }
        }
      }
      key.reset();
    } while (System.nanoTime() < untilNanos);
  }

  private boolean quarantined(Path gone) {
    for (Path drop : hub.drops) {
      if (gone.startsWith(drop) && Files.exists(drop.resolve(".quarantine").resolve(drop.relativize(gone)))) {
        return true;
      }
    }
    return false;
  }

  /** SFTP stream straight into an S3 PUT, then delete from the drop; P workers with a session each. */
  private Outcome baseline(List<String> names, int tag, double rate, long t0) throws Exception {
    String dir = "drop-" + tag + "/baseline";
    Files.createDirectories(sftpRoot.resolve(dir));
    for (int i = 0; i < names.size(); i++) {
      Files.createLink(sftpRoot.resolve(dir).resolve(names.get(i)), master.resolve(i % generated + ".wav"));
    }
    List<Worker> workers = new ArrayList<>();
    for (int i = 0; i < parallel; i++) {
      workers.add(new Worker(servers.sftpPort, servers.knownHosts));
    }
    BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicLong failures = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<Future<?>> running = new ArrayList<>();
    for (Worker w : workers) {
      running.add(pool.submit(() -> {
        for (Job next = queue.take(); next.name != null; next = queue.take()) {
          Job job = next;
          String path = dir + "/" + job.name;
          try {
            try (InputStream in = w.sftp.get(path)) {
              env.s3.putObject(b -> b.bucket("bench-baseline").key(tag + "/" + job.name.hashCode()),
                  RequestBody.fromInputStream(in, size));
            }
            w.sftp.rm(path);
            latencies.add((System.nanoTime() - job.droppedNanos) / 1_000_000);
          } catch (Exception e) {
            failures.incrementAndGet();
            System.err.println("baseline: " + e);
          }
        }
        return null;
      }));
    }
    for (int i = 0; i < names.size(); i++) {
      pace(i, rate, t0);
      queue.add(new Job(names.get(i), System.nanoTime()));
    }
    for (int i = 0; i < parallel; i++) {
      queue.add(new Job(null, 0));
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    workers.forEach(Worker::close);
    return new Outcome(latencies, (int) failures.get());
  }

  }

  /** CPU time of this process (all threads; the servers' too when they run in this JVM), or 0 where unknown. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static long pct(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }

  /** Resets VmHWM so the next peak RSS is this phase's (Linux). */
  private static void resetRss() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException | RuntimeException e) {
      // not Linux: the peak is the process's
    }
  }

  /** The servers, once this JVM trusts their certificate (before any TLS client is made). */
  private static BenchServers trusted(BenchServers servers) {
    servers.trustInThisJvm();
    return servers;
  }

  static long parseSize(String s) {
    String t = s.trim().toUpperCase(Locale.ROOT);
    long mult = 1;
    if (t.endsWith("G")) {
      mult = 1_000_000_000L;
    } else if (t.endsWith("M")) {
      mult = 1_000_000L;
    } else if (t.endsWith("K")) {
      mult = 1_000L;
    }
    if (mult > 1) {
      t = t.substring(0, t.length() - 1);
    }
    return (long) (Double.parseDouble(t) * mult);
  }

  /** One SFTP session and channel, used by one worker thread only. */
  private static final class Worker {
    final Session session;
    final ChannelSftp sftp;

    Worker(int port, Path knownHosts) throws JSchException {
      JSch jsch = new JSch();
      jsch.setKnownHosts(knownHosts.toString());
      session = jsch.getSession(USER, "127.0.0.1", port);
      session.setPassword(PASSWORD);
      session.connect(10_000);
      sftp = (ChannelSftp) session.openChannel("sftp");
      sftp.connect(10_000);
    }

    InputStream open(String path) throws IOException {
      try {
        return sftp.get(path);
      } catch (com.jcraft.jsch.SftpException e) {
        throw new IOException("sftp get failed: " + e.getMessage(), e);
      }
    }

    void close() {
      sftp.disconnect();
      session.disconnect();
    }
  }

}
