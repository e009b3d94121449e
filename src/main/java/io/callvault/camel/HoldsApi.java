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

/**
 * The legal-hold operations of {@code routes/api.camel.yaml}: list, place, review (a new review date), release
 * ({@link Holds} does the work).
 */
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
    String id = activeHold(ex).id();
    Hold released = holds.release(id, who.actor());
    audit.append(who.actor(), AuditAction.HOLD_RELEASED, released.id(), "released");
    ApiReplies.json(ex, 200, released);
  }

  /**
   * PATCH /api/holds/{id}: {@code {"review_at":"YYYY-MM-DD"}}, the hold was reviewed and is kept until its new
   * review date (today or later); audited with the old and the new date. 404 for no such hold, 409 for a released one.
   */
  public void review(Exchange ex) throws IOException {
    Principal who = ApiGate.principal(ex);
    Hold before = activeHold(ex);
    Instant review = ApiInput.reviewAt(ApiReplies.field(ApiReplies.jsonBody(ex), "review_at"));
    Hold reviewed;
    try {
      reviewed = holds.review(before.id(), review);
    } catch (IllegalStateException e) {
      throw ApiException.conflict("legal hold " + before.id() + " was released meanwhile");
    }
    audit.append(who.actor(), AuditAction.HOLD_REVIEWED, reviewed.id(),
        "review date " + day(before.reviewAt()) + " -> " + day(reviewed.reviewAt()));
    ApiReplies.json(ex, 200, reviewed);
  }

  /** The active hold the path names: 404 when there is none, 409 when it was released. */
  private Hold activeHold(Exchange ex) {
    String id = ApiInput.holdId(ApiReplies.pathParam(ex, "id"));
    Hold hold = holds.find(id).orElseThrow(() -> ApiException.notFound("no legal hold " + id));
    if (!hold.active()) {
      throw ApiException.conflict("legal hold " + id + " was already released");
    }
    return hold;
  }

  private static String day(Instant at) {
    return at.toString().substring(0, 10);
  }
}
