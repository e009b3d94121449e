package io.callvault.camel;

import io.callvault.api.ApiException;
import io.callvault.api.ApiInput;
import io.callvault.api.Principal;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import io.callvault.retention.Fulfilment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * {@code POST /api/recordings/{id}/purposes/{purpose}/fulfilled} of {@code routes/api.camel.yaml}: marks a copy's
 * purpose met, for dpo or that purpose's reviewer; the work is {@link Fulfilment}'s.
 */
public final class FulfilmentApi {
  private final Fulfilment fulfilment;
  private final List<String> purposes;
  private final ApiGate gate;

  public FulfilmentApi(Fulfilment fulfilment, PolicySet policies, ApiGate gate) {
    this.fulfilment = fulfilment;
    this.purposes = policies.purposes().stream().map(Purpose::name).toList();
    this.gate = gate;
  }

  public void fulfilled(Exchange ex) {
    Principal who = ApiGate.principal(ex);
    String id = ApiInput.recordingId(ApiReplies.pathParam(ex, "id"));
    String purpose = ApiInput.purpose(ApiReplies.pathParam(ex, "purpose"), purposes);
    if (!who.canRead(purpose)) {
      throw gate.refuse(who, "purpose-fulfilled", "marking purpose '" + purpose + "' fulfilled needs dpo or "
          + purpose + "-reviewer");
    }
    Fulfilment.Result r;
    try {
      r = fulfilment.fulfil(id, purpose, who.actor());
    } catch (Fulfilment.NoSuchCopyException e) {
      throw ApiException.notFound(e.getMessage());
    } catch (Fulfilment.NotFulfillableException e) {
      throw ApiException.conflict(e.getMessage());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("recording_id", r.recordingId());
    body.put("purpose", r.purpose());
    body.put("on_fulfilment", r.onFulfilment().toString());
    body.put("previous_retain_until", r.previous().toString());
    body.put("retain_until", r.retainUntil().toString());
    body.put("shortened", r.shortened());
    ApiReplies.json(ex, 200, body);
  }
}
