package io.callvault.camel;

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
  private final Dependencies dependencies;
  private final HubMetrics metrics;
  private final ThreadLocal<long[]> oldest = new ThreadLocal<>();

  DropPolls(Dependencies dependencies, HubMetrics metrics) {
    this.dependencies = dependencies;
    this.metrics = metrics;
  }

  /** A poll begins on this thread. */
  void began() {
    oldest.set(new long[] {Long.MAX_VALUE});
  }

  /** The listing holds a recording last modified at {@code lastModified} (epoch millis). */
  void listed(long lastModified) {
    long[] o = oldest.get();
    if (o != null && lastModified > 0 && lastModified < o[0]) {
      o[0] = lastModified;
    }
  }

  /** The poll listed the drop: its server answered and let the hub in. */
  void succeeded(String sourceId) {
    long[] o = oldest.get();
    oldest.remove();
    metrics.oldestWaiting(sourceId, o == null || o[0] == Long.MAX_VALUE ? null : Instant.ofEpochMilli(o[0]));
    metrics.polled(sourceId);
    dependencies.up(CatalogStep.sftpDependency(sourceId));
  }

  /** The poll failed (connection, login, listing). */
  void failed(String sourceId, Exception cause) {
    oldest.remove();
    dependencies.down(CatalogStep.sftpDependency(sourceId), Redaction.reason(cause));
  }
}
