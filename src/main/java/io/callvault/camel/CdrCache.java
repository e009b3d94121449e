package io.callvault.camel;

import io.callvault.source.CdrIndex;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parsed Asterisk CDR ({@code Master.csv}) of each drop, reloaded only when the file's size or
 * modification time changes.
 */
public final class CdrCache {
  private record Entry(long size, long modified, CdrIndex index) {}

  private final Map<String, Entry> byDrop = new ConcurrentHashMap<>();

  /** True when the drop's CDR file with this size and time has not been loaded yet. */
  public boolean isStale(String dropKey, long size, long modified) {
    Entry e = byDrop.get(dropKey);
    return e == null || e.size() != size || e.modified() != modified;
  }

  public void load(String dropKey, long size, long modified, InputStream csv) throws IOException {
    byDrop.put(dropKey, new Entry(size, modified, CdrIndex.parse(csv)));
  }

  /** The CDR of a drop, empty when the drop has none (yet). */
  public CdrIndex index(String dropKey) {
    Entry e = byDrop.get(dropKey);
    return e == null ? CdrIndex.empty() : e.index();
  }
}
