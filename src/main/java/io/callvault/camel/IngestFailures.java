package io.callvault.camel;

import io.callvault.health.Dependencies;
import io.callvault.ingest.DependencyUnavailableException;
import io.callvault.ingest.DropOutcomes;
import io.callvault.ingest.Ingest;
import io.callvault.ingest.Redaction;
import io.callvault.source.PbxFormat.DropKind;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error kinds of routes/ingest-errors.camel.yaml, and the quarantine of routes/ingest.camel.yaml, adapted
 * to the exchange: the reason (free of personal data) from the exception, the file from the claim step.
 */
public final class IngestFailures {
  private static final Logger LOG = LoggerFactory.getLogger(IngestFailures.class);
  private final DropOutcomes outcomes;
  private final Dependencies dependencies;

  private final io.callvault.health.HubMetrics metrics;

  public IngestFailures(DropOutcomes outcomes, Dependencies dependencies) {
    this(outcomes, dependencies, io.callvault.health.HubMetrics.NONE);
  }

  public IngestFailures(DropOutcomes outcomes, Dependencies dependencies, io.callvault.health.HubMetrics metrics) {
    this.outcomes = outcomes;
    this.dependencies = dependencies;
    this.metrics = metrics;
  }

  /** Counts a failure of the step the exchange's file had not finished, by kind. */
  private void count(Exchange exchange, String kind) {
    Ingest ingest = exchange.getProperty(ClaimedFiles.INGEST, Ingest.class);
    metrics.failure(ingest == null ? "claim" : ingest.step(), kind);
  }

  /** A dependency is down: noted once per outage; the file stays and no attempt is counted. */
  public void unavailable(Exchange exchange) {
    Throwable cause = caught(exchange);
    String dependency = cause instanceof DependencyUnavailableException d ? d.dependency()
        : cause instanceof io.callvault.catalog.CatalogException ? "catalog" : "s3";
    Ingest ingest = exchange.getProperty(ClaimedFiles.INGEST, Ingest.class);
    if (dependency.equals("sftp") && ingest != null) {
      dependency = io.callvault.ingest.CatalogStep.sftpDependency(ingest.file().sourceId()); // each PBX's server
    }
    dependencies.down(dependency, Redaction.reason(cause));
    count(exchange, "infrastructure");
    reason(exchange, dependency + " unavailable");
  }

  /** The file itself is bad: its reason, for the quarantine route. */
  public void badFile(Exchange exchange) {
    count(exchange, "bad-file");
    reason(exchange, Redaction.reason(caught(exchange)));
  }

  /**
   * An unexpected failure: one more attempt of this file; true when it has failed too often and goes to
   * quarantine. A CDR that cannot be read is retried at the next poll without counting.
   */
  public boolean failed(Exchange exchange) {
    Throwable cause = caught(exchange);
    count(exchange, "other");
    String reason = cause == null ? "unknown failure" : Redaction.reason(cause);
    Ingest ingest = exchange.getProperty(ClaimedFiles.INGEST, Ingest.class);
    if (ingest == null || ingest.getKind() == DropKind.CDR) {
      LOG.warn("drop file {} could not be read, retried at the next poll: {}",
          exchange.getProperty(DropProcessStrategy.FILE_REF, "?", String.class), reason);
      return false;
    }
    try {
      boolean exhausted = outcomes.failed(ingest.file(), reason);
      reason(exchange, exhausted ? "gave up after " + outcomes.maxAttempts() + " attempts: " + reason : reason);
      return exhausted;
    } catch (RuntimeException e) {
      // the catalog itself is failing: the file stays, and Camel must not log its name
      LOG.error("file {} failed ({}) and its failure could not be cataloged ({}); it stays in the drop",
          ingest.getRef(), reason, Redaction.reason(e));
      return false;
    }
  }

  /** The quarantine route's record: cataloged with its reason and audited. */
  public void quarantine(Exchange exchange) {
    Ingest ingest = exchange.getProperty(ClaimedFiles.INGEST, Ingest.class);
    outcomes.quarantine(ingest.file(), ingest.recording() == null ? null : ingest.recording().id(),
        exchange.getProperty(DropProcessStrategy.REASON, "no reason recorded", String.class));
  }

  /** What failed, not Camel's wrapper of it (the split of the store step wraps a failed upload). */
  private static Throwable caught(Exchange exchange) {
    Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    while (t instanceof org.apache.camel.CamelExchangeException && t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static void reason(Exchange exchange, String reason) {
    exchange.setProperty(DropProcessStrategy.REASON, reason);
  }
}
