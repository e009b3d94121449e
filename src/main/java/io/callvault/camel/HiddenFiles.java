package io.callvault.camel;

import io.callvault.catalog.SubjectKeys;
import io.callvault.ingest.BadInputs;
import io.callvault.ingest.Redaction;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hidden files in a drop (names starting with a dot) are never claimed: Camel's file consumers skip them before any
 * filter sees them, and a PBX may write a recording under a dot name before renaming it. One that stays, unchanged
 * for {@code callvault.drop.min-age} (a temp file never renamed, a file copied in by hand), would be lost without a
 * word; so a census lists each drop at most every {@code callvault.drop.hidden-check-interval}, after a poll, on the
 * source's own SFTP session, and reports each hidden file or directory once (a log line with its opaque ref, never
 * its name; the {@link BadInputs#HIDDEN_FILE} count). The quarantine directory and reason files are callvault's own.
 */
final class HiddenFiles {
  private static final Logger LOG = LoggerFactory.getLogger(HiddenFiles.class);
  private static final int MAX_REPORTED = 100_000;

  private final SubjectKeys refKeys;
  private final BadInputs counts;
  private final Duration minAge;
  private final Duration interval;
  private final Clock clock;
  private final Map<Endpoint, GenericFileOperations<Object>> drops = new ConcurrentHashMap<>();
  private final Map<Endpoint, Long> lastCensus = new ConcurrentHashMap<>();
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  HiddenFiles(SubjectKeys refKeys, BadInputs counts, Duration minAge, Duration interval, Clock clock) {
    this.refKeys = refKeys;
    this.counts = counts;
    this.minAge = minAge;
    this.interval = interval;
    this.clock = clock;
  }

  /** A PBX source's drop and the operations of its consumer (its SFTP session). */
  void drop(GenericFileEndpoint<Object> endpoint, GenericFileOperations<Object> ops) {
    drops.put(endpoint, ops);
  }

  /** After a poll of {@code endpoint}, on the polling thread: lists the drop when the interval has passed. */
  void afterPoll(Endpoint endpoint, String sourceId) {
    GenericFileOperations<Object> ops = drops.get(endpoint);
    long now = clock.millis();
    Long last = lastCensus.get(endpoint);
    if (ops == null || last != null && now - last < interval.toMillis()) {
      return;
    }
    lastCensus.put(endpoint, now);
    String base = ((GenericFileEndpoint<?>) endpoint).getConfiguration().getDirectory();
    try {
      census(ops, base, "", sourceId, now);
    } catch (RuntimeException e) {
      LOG.debug("the census of hidden files in drop {} failed: {}", sourceId, Redaction.reason(e));
    }
  }

  private void census(GenericFileOperations<Object> ops, String base, String prefix, String sourceId, long now) {
    for (Object o : ops.listFiles(prefix.isEmpty() ? base : base + "/" + prefix)) {
      if (!(o instanceof SftpRemoteFile<?> f) || f.getFilename().equals(".") || f.getFilename().equals("..")) {
        continue;
      }
      String name = f.getFilename();
      String rel = prefix.isEmpty() ? name : prefix + "/" + name;
      if (name.startsWith(".")) {
        if (!(prefix.isEmpty() && name.equals(DropFiles.QUARANTINE_DIR))) {
          report(rel, f, sourceId, now);
        }
      } else if (f.isDirectory()) {
        census(ops, base, rel, sourceId, now);
      }
    }
  }

  private void report(String rel, SftpRemoteFile<?> f, String sourceId, long now) {
    if (now - f.getLastModified() < minAge.toMillis() || reported.size() >= MAX_REPORTED) {
      return; // still being written, perhaps: a PBX renames it when done
    }
    String ref = DropFiles.ref(refKeys, sourceId, rel);
    if (reported.add(ref)) {
      counts.add(BadInputs.HIDDEN_FILE, 1);
      LOG.warn("drop {} holds a hidden {} {} (its name starts with a dot), unchanged for {}: callvault never claims"
          + " hidden files{}. Rename it without the leading dot to ingest it, or remove it", sourceId,
          f.isDirectory() ? "directory" : "file", ref, minAge,
          f.isDirectory() ? " nor anything inside a hidden directory" : "");
    }
  }
}
