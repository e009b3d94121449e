package io.callvault.ingest;

import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.QuarantineEntry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the drop's outcome routes record: a quarantined file (cataloged with its reason and audited; the
 * file itself is moved with a reason file), and the failed attempts of a file, so that a file failing for
 * reasons of its own is quarantined after {@code maxAttempts} instead of being retried forever.
 */
public final class DropOutcomes {
  private static final Logger LOG = LoggerFactory.getLogger(DropOutcomes.class);
  private final Catalog catalog;
  private final AuditTrail audit;
  private final int maxAttempts;
  private final Clock clock;
  private final io.callvault.health.HubMetrics metrics;

  public DropOutcomes(Catalog catalog, AuditTrail audit, int maxAttempts, Clock clock) {
    this(catalog, audit, maxAttempts, io.callvault.health.HubMetrics.NONE, clock);
  }

  public DropOutcomes(Catalog catalog, AuditTrail audit, int maxAttempts, io.callvault.health.HubMetrics metrics,
      Clock clock) {
    this.metrics = metrics;
    this.catalog = catalog;
    this.audit = audit;
    this.maxAttempts = maxAttempts;
    this.clock = clock;
  }

  /** Records the quarantine of a file (recordingId null when it was never identified). */
  public void quarantine(DropFile file, String recordingId, String reason) {
    LOG.warn("file {} quarantined: {}", file.ref(), reason);
    catalog.recordQuarantine(new QuarantineEntry(file.ref(), file.sourceId(), reason, clock.instant()));
    audit.append(CatalogStep.ACTOR, AuditAction.QUARANTINE, recordingId == null ? file.ref() : recordingId, reason);
    metrics.recording(file.sourceId(), "none", "quarantined");
  }

  /**
   * Counts a failed attempt of a file; true when it has now failed {@code maxAttempts} times and must be
   * quarantined.
   */
  public boolean failed(DropFile file, String reason) {
    int attempts = attempt(file, reason);
    if (attempts >= maxAttempts) {
      return true;
    }
    LOG.warn("file {} failed (attempt {}/{}), stays in the drop: {}", file.ref(), attempts, maxAttempts, reason);
    return false;
  }

  /** Counts a failed attempt of a file without logging it; returns its attempts so far (1 on the first). */
  public int attempt(DropFile file, String reason) {
    return catalog.recordFailure(file.ref(), file.sourceId(), reason);
  }

  public int maxAttempts() {
    return maxAttempts;
  }
}
