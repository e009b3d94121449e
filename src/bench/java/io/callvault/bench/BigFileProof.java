package io.callvault.bench;

import io.callvault.catalog.CopyEntry;
import io.callvault.ingest.DropFile;
import io.callvault.ingest.IngestOutcome;
import io.callvault.source.CdrIndex;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/**
 * Memory proof: one synthetic 2 GiB WAV, generated as a stream (never on disk, never in memory), through
 * the real {@code IngestPipeline.ingest} (sniff, consent, decide, DTMF masking, OpenPGP encryption to
 * ciphertext temp files, upload to the embedded S3 server with verification, H2 catalog, audit).
 * Run it with {@code -Xmx256m}; it prints wall time, peak heap and peak RSS.
 *
 * <p>Arguments: {@code [sizeBytes] [purposes 1..3] [workDir]}; default 2 GiB, 3 purposes,
 * {@code target/bench-bigfile}.
 */
public final class BigFileProof {
  public static void main(String[] args) throws Exception {
    long size = args.length > 0 ? Long.parseLong(args[0]) : 1L << 31;
    int purposes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path home = Path.of(args.length > 2 ? args[2] : "target/bench-bigfile").toAbsolutePath();
    long maxHeap = Runtime.getRuntime().maxMemory();
    System.out.printf("memory proof: %s recording, %d purpose(s), max heap %s%n", BenchEnv.mib(size), purposes,
        BenchEnv.mib(maxHeap));

    try (BenchEnv env = new BenchEnv(home, purposes, true)) {
      System.gc();
      BenchEnv.resetPeaks();
      long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      BenchEnv.HeapSampler sampler = new BenchEnv.HeapSampler();

      DropFile file = new DropFile(BenchEnv.SOURCE,
          "2024/03/15/in-01632960000-07700900123-20240315-142233-1710512553.42.wav", ZoneId.of("Europe/London"),
          "ref_bigfile");
      long t0 = System.nanoTime();
      IngestOutcome outcome = env.pipeline.ingest(file, CdrIndex.empty(), () -> new SyntheticWav(size, 42));
      double seconds = (System.nanoTime() - t0) / 1e9;
      sampler.close();

      List<CopyEntry> copies = env.catalog.copiesOf(outcome.recordingId());
      long[] rss = BenchEnv.rss();
      System.out.println("outcome: " + outcome.disposition() + ", " + outcome.reason());
      for (CopyEntry c : copies) {
        System.out.printf("  copy %-9s %s plaintext %d bytes, ciphertext %d bytes, state %s%n", c.purpose(),
            c.bucket(), c.plaintextSize(), c.ciphertextSize(), c.state());
      }
      boolean ok = copies.size() == purposes && copies.stream().allMatch(c -> c.plaintextSize() == size
          && CopyEntry.STORED.equals(c.state()));
      System.out.printf("wall time %.1f s (%.1f MiB/s of plaintext)%n", seconds, size / 1048576.0 / seconds);
      System.out.printf("heap: max %s, used before %s, sampled peak (every 20 ms) %s, sum of pool peaks %s%n",
          BenchEnv.mib(maxHeap), BenchEnv.mib(heapBefore), BenchEnv.mib(sampler.peak()),
          BenchEnv.mib(BenchEnv.peakHeapPoolsBytes()));
      System.out.printf("RSS: peak (VmHWM) %s, now %s%n", BenchEnv.mib(rss[0]), BenchEnv.mib(rss[1]));
      System.out.println(ok ? "RESULT: OK, every copy stored with the full plaintext size" : "RESULT: FAILED");
      System.exit(ok ? 0 : 1);
    }
  }
}
