package io.callvault.ingest;

import io.callvault.source.CallIndex;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The call records of each drop (Asterisk's {@code Master.csv}, an Oreka CSV export), read by the drop's format
 * and reloaded only when the file's size or modification time changes.
 */
public final class CdrCache {
  private record Entry(long size, long modified, CallIndex index) {}

  private final Map<String, Entry> byDrop = new ConcurrentHashMap<>();

  /** True when the drop's CDR file with this size and time has not been loaded yet. */
  public boolean isStale(String dropKey, long size, long modified) {
    Entry e = byDrop.get(dropKey);
    return e == null || e.size() != size || e.modified() != modified;
  }

  /** The ingest route's CDR step: reads the claimed CDR file with its drop's format. */
  public void load(Ingest cdrFile) throws IOException {
    try (InputStream csv = cdrFile.open()) {
      byDrop.put(cdrFile.dropKey(), new Entry(cdrFile.size(), cdrFile.lastModified(), cdrFile.format().readCdr(csv)));
    }
  }

  /** The call records of a drop, empty when the drop has none (yet). */
  public CallIndex index(String dropKey) {
    Entry e = byDrop.get(dropKey);
    return e == null ? CallIndex.EMPTY : e.index();
  }
}
