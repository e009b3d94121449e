package io.callvault.camel;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.api.ApiException;
import io.callvault.api.ApiInput;
import io.callvault.api.Principal;
import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditTrail;
import io.callvault.retention.Hold;
import io.callvault.retention.HoldScope;
import io.callvault.retention.Holds;
import io.callvault.rights.SubjectRights;
import java.io.IOException;
import java.time.Instant;
import org.apache.camel.Exchange;

/** The legal-hold operations of {@code routes/api.camel.yaml}: list, place, release ({@link Holds} does the work). */
public final class HoldsApi {
  private final Holds holds;
  private final SubjectRights rights;
  private final AuditTrail audit;

  public HoldsApi(Holds holds, SubjectRights rights, AuditTrail audit) {
    this.holds = holds;
    this.rights = rights;
    this.audit = audit;
  }

  /** GET /api/holds: the active holds. */
  public void list(Exchange ex) {
    ApiReplies.json(ex, 200, holds.list(true));
  }

  /**
   * POST /api/holds: {@code {"scope","target","reason","review_at"}}; a subject's target is its phone number
   * or CRM id, kept only as its subject key. Every field is required: a hold nobody reviews outlives its reason.
   */
  public void place(Exchange ex) throws IOException {
    Principal who = ApiGate.principal(ex);
    JsonNode body = ApiReplies.jsonBody(ex);
    HoldScope scope = ApiInput.holdScope(ApiReplies.field(body, "scope"));
    String target = ApiInput.required("target", ApiReplies.field(body, "target"));
    if (scope == HoldScope.SUBJECT) {
      target = rights.subjectKey(ApiInput.subjectRef(target));
    }
    String reason = ApiInput.holdReason(ApiReplies.field(body, "reason"));
    Instant review = ApiInput.reviewAt(ApiReplies.field(body, "review_at"));
    String id = holds.place(scope, target, reason, who.actor(), review);
    audit.append(who.actor(), AuditAction.HOLD_PLACED, id, scope + " hold");
    ApiReplies.json(ex, 201, holds.find(id).orElseThrow());
  }

  /** DELETE /api/holds/{id}: releases an active hold. */
  public void release(Exchange ex) {
    Principal who = ApiGate.principal(ex);
    String id = ApiInput.holdId(ApiReplies.pathParam(ex, "id"));
    Hold hold = holds.find(id).orElseThrow(() -> ApiException.notFound("no legal hold " + id));
    if (!hold.active()) {
      throw ApiException.conflict("legal hold " + id + " was already released");
    }
    Hold released = holds.release(id, who.actor());
    audit.append(who.actor(), AuditAction.HOLD_RELEASED, released.id(), "released");
    ApiReplies.json(ex, 200, released);
  }
}
