package io.callvault.ingest;

import io.callvault.source.CallIndex;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call records of each drop (Asterisk's {@code Master.csv}, an Oreka CSV export), read by the drop's format
 * and reloaded only when the file's size or modification time changes. Rows that cannot be read (bad quoting, a
 * different column count, a bad time) are reported once each: a log line with their line numbers and why (never
 * their content), and the {@link BadInputs#CDR_MALFORMED_ROW} count; a file appended to all day reports only its
 * new bad rows.
 */
public final class CdrCache {
  private static final Logger LOG = LoggerFactory.getLogger(CdrCache.class);
  private static final int LINES_SHOWN = 20;

  private record Entry(long size, long modified, CallIndex index) {}

  private final Map<String, Entry> byDrop = new ConcurrentHashMap<>();
  private final BadInputs counts;

  public CdrCache() {
    this(new BadInputs());
  }

  public CdrCache(BadInputs counts) {
    this.counts = counts;
  }

  /** True when the drop's CDR file with this size and time has not been loaded yet. */
  public boolean isStale(String dropKey, long size, long modified) {
    Entry e = byDrop.get(dropKey);
    return e == null || e.size() != size || e.modified() != modified;
  }

  /** The ingest route's CDR step: reads the claimed CDR file with its drop's format. */
  public void load(Ingest cdrFile) throws IOException {
    CallIndex index;
    try (InputStream csv = cdrFile.open()) {
      index = cdrFile.format().readCdr(csv);
    }
    Entry before = byDrop.put(cdrFile.dropKey(), new Entry(cdrFile.size(), cdrFile.lastModified(), index));
    reportMalformed(cdrFile.getRef(), before == null ? List.of() : before.index().malformedLines(), index);
  }

  private void reportMalformed(String ref, List<Long> reportedBefore, CallIndex index) {
    Set<Long> known = new HashSet<>(reportedBefore);
    List<Long> fresh = index.malformedLines().stream().filter(l -> !known.contains(l)).toList();
    if (fresh.isEmpty()) {
      return;
    }
    counts.add(BadInputs.CDR_MALFORMED_ROW, fresh.size());
    LOG.warn("CDR file {}: {} row(s) cannot be read and are skipped (line(s) {}{}; in all {} of {} rows: {}); the"
        + " recordings of those calls are stored without CDR data (duration, disposition, payment windows and case"
        + " id of the userfield), each named in the log when it is ingested", ref, fresh.size(),
        fresh.stream().limit(LINES_SHOWN).map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")),
        fresh.size() > LINES_SHOWN ? ", ..." : "", index.malformedCount(), index.rows() + index.malformedCount(),
        index.malformedReasons());
  }

  /** The call records of a drop, empty when the drop has none (yet). */
  public CallIndex index(String dropKey) {
    Entry e = byDrop.get(dropKey);
    return e == null ? CallIndex.EMPTY : e.index();
  }
}
