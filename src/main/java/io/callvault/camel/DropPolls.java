package io.callvault.camel;

import io.callvault.catalog.StatusQueries;
import io.callvault.health.Dependencies;
import io.callvault.health.HubMetrics;
import io.callvault.ingest.CatalogStep;
import io.callvault.ingest.Redaction;
import java.time.Instant;

/**
 * What each poll of a PBX drop tells about it: its SFTP server reachable and logged in (or not, and why), when it was
 * last polled, and the oldest recording waiting in its listing. A poll runs on its consumer's thread from
 * {@link DropPollStrategy#begin} through the listing ({@link DropFilter}) to its commit or rollback.
 */
final class DropPolls {
  /** A poll's record is written at least this often while nothing changes (./callvault status reads it). */
  private static final long REWRITE_MILLIS = 10_000;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DropPolls.class);

  private final Dependencies dependencies;
  private final HubMetrics metrics;
  private final StatusQueries status;
  private final java.time.Clock clock;
  /** This thread's poll: [oldest last-modified, files listed, when it began]; a poll commits after its files ran. */
  private final ThreadLocal<long[]> listing = new ThreadLocal<>();
  private final java.util.Map<String, StatusQueries.DropPoll> written = new java.util.concurrent.ConcurrentHashMap<>();

  DropPolls(Dependencies dependencies, HubMetrics metrics, StatusQueries status, java.time.Clock clock) {
    this.dependencies = dependencies;
    this.metrics = metrics;
    this.status = status;
    this.clock = clock;
  }

  /** A poll begins on this thread. */
  void began() {
    listing.set(new long[] {Long.MAX_VALUE, 0, clock.millis()});
  }

  /** The listing holds a recording last modified at {@code lastModified} (epoch millis). */
  void listed(long lastModified) {
    long[] l = listing.get();
    if (l != null) {
      l[1]++;
      if (lastModified > 0 && lastModified < l[0]) {
        l[0] = lastModified;
      }
    }
  }

  /** The poll listed the drop: its server answered and let the hub in. */
  void succeeded(String sourceId) {
    long[] l = listing.get();
    listing.remove();
    Instant oldest = l == null || l[0] == Long.MAX_VALUE ? null : Instant.ofEpochMilli(l[0]);
    metrics.oldestWaiting(sourceId, oldest);
    metrics.polled(sourceId);
    dependencies.up(CatalogStep.sftpDependency(sourceId));
    Instant listedAt = l == null ? clock.instant() : Instant.ofEpochMilli(l[2]);
    record(sourceId, new StatusQueries.DropPoll(listedAt, l == null ? 0 : (int) l[1], oldest));
  }

  /** Writes the poll to the catalog when it changed, or its last record is getting old. */
  private void record(String sourceId, StatusQueries.DropPoll poll) {
    StatusQueries.DropPoll last = written.get(sourceId);
    if (status == null || last != null && last.filesWaiting() == poll.filesWaiting()
        && java.util.Objects.equals(last.oldestWaitingAt(), poll.oldestWaitingAt())
        && poll.lastPollAt().toEpochMilli() - last.lastPollAt().toEpochMilli() < REWRITE_MILLIS) {
      return;
    }
    try {
      status.polled(sourceId, poll);
      written.put(sourceId, poll);
    } catch (RuntimeException e) { // the catalog down: the dependency watch reports it; the next poll writes again
      LOG.debug("poll of {} not recorded: {}", sourceId, e.toString());
    }
  }

  /** The poll failed (connection, login, listing). */
  void failed(String sourceId, Exception cause) {
    listing.remove();
    dependencies.down(CatalogStep.sftpDependency(sourceId), Redaction.reason(cause));
  }
}
