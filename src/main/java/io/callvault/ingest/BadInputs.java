package io.callvault.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts, since the hub started, the bad inputs that are reported but leave no quarantine row of their own: bean
 * {@code badInputs}, for a status command or metrics. What is quarantined (unreadable files after their attempts,
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

  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  public void add(String kind, long n) {
    if (n > 0) {
      counts.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(n);
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
