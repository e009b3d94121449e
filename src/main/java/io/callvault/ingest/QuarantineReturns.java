package io.callvault.ingest;

import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditTrail;
import io.callvault.catalog.Catalog;
import io.callvault.catalog.QuarantineEntry;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's retry of a quarantined file: "fix the cause and move the file back into the drop". When a
 * file the catalog holds as quarantined is claimed again, it is released: its quarantine row and failure
 * count are forgotten (and audited, in one transaction), so it gets its full number of attempts again
 * instead of being quarantined at its first failure.
 */
public final class QuarantineReturns {
  private static final Logger LOG = LoggerFactory.getLogger(QuarantineReturns.class);

  private final Catalog catalog;
  private final AuditTrail audit;
  private final int maxAttempts;

  public QuarantineReturns(Catalog catalog, AuditTrail audit, int maxAttempts) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.audit = Objects.requireNonNull(audit, "audit trail");
    this.maxAttempts = maxAttempts;
  }

  /**
   * Called when a drop file is about to be processed: true when it had been quarantined and is back (it is
   * released now), false when it was not in quarantine.
   *
   * @throws io.callvault.catalog.CatalogException when the catalog fails (the caller leaves the file for later)
   */
  public boolean claimed(String fileRef) {
    Optional<QuarantineEntry> released = catalog.releaseQuarantine(fileRef,
        c -> audit.append(c, CatalogStep.ACTOR, AuditAction.QUARANTINE_RELEASED, fileRef,
            "back in the drop after quarantine; failure count reset to 0 of " + maxAttempts));
    released.ifPresent(q -> LOG.info("file {} is back in the drop after its quarantine of {}; its failure count"
        + " starts again ({} attempts)", fileRef, q.at(), maxAttempts));
    return released.isPresent();
  }
}
