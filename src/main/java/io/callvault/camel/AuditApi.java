package io.callvault.camel;

import io.callvault.api.ApiInput;
import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditTrail;
import io.callvault.audit.VerifyResult;
import java.util.Map;
import org.apache.camel.Exchange;

/** The audit-trail operations of {@code routes/api.camel.yaml}: export, the latest entries and verify ({@link AuditTrail}). */
public final class AuditApi {
  /** The request header that carries the actor filter of {@link #latest}, kept out of URLs like subjects. */
  static final String ACTOR_HEADER = "X-Callvault-Actor";
  /** How many entries {@link #latest} answers unless asked. */
  static final int LATEST = 100;

  private final AuditTrail audit;

  public AuditApi(AuditTrail audit) {
    this.audit = audit;
  }

  /** GET /api/audit: the trail as JSON lines, streamed. */
  public void export(Exchange ex) {
    ApiReplies.stream(ex, "application/x-ndjson", Map.of(), audit::exportJsonLines);
  }

  /**
   * GET /api/audit/latest?limit=N&action=A, with the actor filter (part of a name) in {@value #ACTOR_HEADER}: the
   * last N (1 to 1000, default {@value #LATEST}) matching entries, newest first, and the actions to filter on.
   * The console's audit view reads this, never the whole trail.
   */
  public void latest(Exchange ex) {
    int limit = ApiInput.limit(ex.getIn().getHeader("limit", String.class), LATEST, AuditTrail.MAX_LATEST);
    String action = ApiInput.auditAction(ex.getIn().getHeader("action", String.class));
    String actor = ApiInput.actorPart(ex.getIn().getHeader(ACTOR_HEADER, String.class));
    ApiReplies.json(ex, 200, Map.of("limit", limit, "entries", audit.latest(limit, actor, action),
        "actions", AuditAction.all()));
  }

  /** GET /api/audit/verify: 200 when the chain is intact, 409 naming the first broken link. */
  public void verify(Exchange ex) {
    VerifyResult result = audit.verify();
    ApiReplies.json(ex, result.intact() ? 200 : 409, result);
  }
}
