package io.callvault.camel;

import io.callvault.audit.AuditTrail;
import io.callvault.audit.VerifyResult;
import java.util.Map;
import org.apache.camel.Exchange;

/** The audit-trail operations of {@code routes/api.camel.yaml}: export and verify ({@link AuditTrail}). */
public final class AuditApi {
  private final AuditTrail audit;

  public AuditApi(AuditTrail audit) {
    this.audit = audit;
  }

  /** GET /api/audit: the trail as JSON lines, streamed. */
  public void export(Exchange ex) {
    ApiReplies.stream(ex, "application/x-ndjson", Map.of(), audit::exportJsonLines);
  }

  /** GET /api/audit/verify: 200 when the chain is intact, 409 naming the first broken link. */
  public void verify(Exchange ex) {
    VerifyResult result = audit.verify();
    ApiReplies.json(ex, result.intact() ? 200 : 409, result);
  }
}
