package io.callvault.camel;

import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditTrail;
import io.callvault.retention.RetentionSweeper;
import io.callvault.retention.SweepAction;
import io.callvault.retention.SweepReport;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one retention sweep when the Quartz trigger of {@code routes/retention.camel.yaml} fires. */
public final class RetentionSweepProcessor implements Processor {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionSweepProcessor.class);
  public static final String ACTOR = "callvault-retention";

  private final RetentionSweeper sweeper;
  private final AuditTrail audit;

  private final io.callvault.health.HubMetrics metrics;

  public RetentionSweepProcessor(RetentionSweeper sweeper, AuditTrail audit, io.callvault.health.HubMetrics metrics) {
    this.sweeper = sweeper;
    this.audit = audit;
    this.metrics = metrics;
  }

  @Override
  public void process(Exchange exchange) {
    SweepReport report = run(sweeper, audit, false);
    java.util.Map<String, Long> byKind = new java.util.TreeMap<>();
    for (SweepAction action : SweepAction.values()) {
      byKind.put(action.word(), report.total(action));
    }
    metrics.sweepActions(byKind);
    exchange.getMessage().setBody(report.render());
  }

  /** One sweep, audited when real; shared by the scheduled route and {@code ./callvault sweep}. */
  public static SweepReport run(RetentionSweeper sweeper, AuditTrail audit, boolean dryRun) {
    SweepReport report = sweeper.sweep(dryRun);
    if (!dryRun) {
      long deleted = report.total(SweepAction.DELETE);
      long anonymised = report.total(SweepAction.ANONYMISE);
      if (deleted > 0) {
        audit.append(ACTOR, AuditAction.SWEEP_DELETE, report.id(), deleted + " copies deleted at the end of retention");
      }
      if (anonymised > 0) {
        audit.append(ACTOR, AuditAction.SWEEP_ANONYMISE, report.id(), anonymised + " copies anonymised at the end of retention");
      }
    }
    LOG.info("retention sweep {}{}: {} deleted, {} anonymised, {} errors", report.id(), dryRun ? " (dry run)" : "",
        report.total(SweepAction.DELETE), report.total(SweepAction.ANONYMISE), report.errors().size());
    return report;
  }
}
