package io.callvault.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the bad inputs that are reported but leave no quarantine row of their own: bean
 * {@code badInputs}: in memory since the hub started for the metrics, and through a {@link Tally} in the catalog
 * for {@code ./callvault status}. What is quarantined (unreadable files after their attempts,
 * new versions of a recording, names that do not fit the catalog...) is counted by the catalog's {@code quarantine}
 * table, and failed attempts by its {@code drop_failures} table; these counters add what the catalog does not keep.
 */
public final class BadInputs {
  /** Hidden drop files (name starting with a dot), never claimed; each file counted once. */
  public static final String HIDDEN_FILE = "hidden-file";
  /** Attempts to open a drop file that the SFTP server refused (permission denied). */
  public static final String UNREADABLE_ATTEMPT = "unreadable-file-attempt";
  /** Rows of a CDR file (Master.csv) that could not be read, counted once per row and version of the file. */
  public static final String CDR_MALFORMED_ROW = "cdr-malformed-row";
  /** Recordings ingested without CDR data while their drop's CDR had malformed rows. */
  public static final String RECORDING_WITHOUT_CDR = "recording-without-cdr-row";

  /** Every kind counted here. */
  public static final java.util.List<String> KINDS =
      java.util.List.of(HIDDEN_FILE, UNREADABLE_ATTEMPT, CDR_MALFORMED_ROW, RECORDING_WITHOUT_CDR);

  /** Where the counts are kept beyond the hub's life (the catalog); it may fail while the catalog is down. */
  @FunctionalInterface
  public interface Tally {
    void add(String kind, long n) throws Exception;
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BadInputs.class);
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Tally tally;

  /** Counts in memory only (tests, tools). */
  public BadInputs() {
    this((kind, n) -> { });
  }

  public BadInputs(Tally tally) {
    this.tally = java.util.Objects.requireNonNull(tally, "tally");
  }

  /** Counts {@code n} more of a kind, in memory (the metrics) and in the tally (./callvault status). */
  public void add(String kind, long n) {
    if (n > 0) {
      counts.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(n);
      try {
        tally.add(kind, n);
      } catch (Exception e) {
        // the report itself is already logged by the caller; only the lasting count is missing
        LOG.warn("bad input of kind {} not added to the catalog's counts ({}); the metric has it", kind, e.toString());
      }
    }
  }

  public long count(String kind) {
    AtomicLong c = counts.get(kind);
    return c == null ? 0 : c.get();
  }

  /** Every count, by kind. */
  public Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }
}
