package io.callvault.bench;

import io.callvault.catalog.CopyEntry;
import io.callvault.source.RecordingIdentifier;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Memory proof: one synthetic 2 GiB WAV in a PBX drop, through the real hub and its routes (the SFTP download
 * as a stream, sniff, consent, decide, DTMF masking, OpenPGP encryption to ciphertext temp files, the aws2-s3
 * upload with its verifying HEAD, H2 catalog, audit). Run it with {@code -Xmx256m}; it prints wall time, peak
 * heap and peak RSS. The servers run in this JVM, so their heap counts too.
 *
 * <p>Arguments: {@code [sizeBytes] [purposes 1..3] [workDir] [consumers]}; default 2 GiB, 3 purposes,
 * {@code target/bench-bigfile}, 1 consumer. With C consumers of the drop, C recordings of that size are dropped at
 * once, so that each consumer carries one at the same time.
 */
public final class BigFileProof {
  private static final String UNIQUE_ID = "1710512553.42";

  public static void main(String[] args) throws Exception {
    long size = args.length > 0 ? Long.parseLong(args[0]) : 1L << 31;
    int purposes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path home = Path.of(args.length > 2 ? args[2] : "target/bench-bigfile").toAbsolutePath();
    int consumers = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    long maxHeap = Runtime.getRuntime().maxMemory();
    System.out.printf("memory proof: %d recording(s) of %s at once, %d consumer(s) of the drop, %d purpose(s), max heap"
        + " %s%n", consumers, BenchEnv.mib(size), consumers, purposes, BenchEnv.mib(maxHeap));
    BenchEnv.deleteTree(home);
    try (BenchServers servers = BenchServers.inProcess(home, false);
        BenchHub hub = new BenchHub(home, servers, purposes, 1, consumers, 200, java.util.Map.of())) {
      String day = java.time.LocalDate.now(java.time.ZoneId.of("Europe/London")).toString().replace("-", "");
      Path folder = Files.createDirectories(hub.drops.get(0).resolve(day.substring(0, 4) + "/" + day.substring(4, 6)
          + "/" + day.substring(6)));
      List<Path> staged = new java.util.ArrayList<>();
      for (int i = 0; i < consumers; i++) {
        staged.add(home.resolve("big-" + i + ".wav.tmp"));
        try (InputStream in = new SyntheticWav(size, 42 + i); OutputStream out = Files.newOutputStream(staged.get(i))) {
          in.transferTo(out);
        }
      }
      System.gc();
      BenchEnv.resetPeaks();
      long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      BenchEnv.HeapSampler sampler = new BenchEnv.HeapSampler();
      List<Path> dropped = new java.util.ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < consumers; i++) {
        dropped.add(Files.move(staged.get(i), folder.resolve("in-01632960000-07700900123-" + day + "-14223" + i + "-"
            + uniqueId(i) + ".wav")));
      }
      while (dropped.stream().anyMatch(Files::exists)) {
        Thread.sleep(100);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      sampler.close();
      report(hub, size, purposes, consumers, seconds, maxHeap, heapBefore, sampler);
    }
  }

  private static String uniqueId(int i) {
    return i == 0 ? UNIQUE_ID : UNIQUE_ID + i;
  }

  private static void report(BenchHub hub, long size, int purposes, int recordings, double seconds, long maxHeap,
      long heapBefore, BenchEnv.HeapSampler sampler) {
    List<CopyEntry> copies = new java.util.ArrayList<>();
    for (int i = 0; i < recordings; i++) {
      copies.addAll(hub.hub.beans().catalog().copiesOf(RecordingIdentifier.recordingId("bench-0", uniqueId(i))));
    }
    long[] rss = BenchEnv.rss();
    for (CopyEntry c : copies) {
      System.out.printf("  copy %-9s %s plaintext %d bytes, ciphertext %d bytes, state %s%n", c.purpose(),
          c.bucket(), c.plaintextSize(), c.ciphertextSize(), c.state());
    }
    boolean ok = copies.size() == purposes * recordings && copies.stream().allMatch(c -> c.plaintextSize() == size
        && CopyEntry.STORED.equals(c.state()));
    System.out.printf("wall time %.1f s (%.1f MiB/s of plaintext)%n", seconds,
        recordings * (size / 1048576.0) / seconds);
    System.out.printf("heap: max %s, used before %s, sampled peak (every 20 ms) %s, sum of pool peaks %s%n",
        BenchEnv.mib(maxHeap), BenchEnv.mib(heapBefore), BenchEnv.mib(sampler.peak()),
        BenchEnv.mib(BenchEnv.peakHeapPoolsBytes()));
    System.out.printf("RSS: peak (VmHWM) %s, now %s%n", BenchEnv.mib(rss[0]), BenchEnv.mib(rss[1]));
    System.out.println(ok ? "RESULT: OK, every copy stored with the full plaintext size" : "RESULT: FAILED");
    System.exit(ok ? 0 : 1);
  }
}
