package io.callvault.camel;

import com.fasterxml.jackson.databind.JsonNode;
import io.callvault.api.ApiException;
import io.callvault.api.ApiInput;
import io.callvault.consent.CachingConsentLookup;
import io.callvault.consent.ConsentSource;
import io.callvault.rights.Erasure;
import io.callvault.rights.SubjectRights;
import java.io.IOException;
import org.apache.camel.Exchange;

/**
 * POST /api/consent-events, the CRM's webhook: {@code {"event_id","type","flag","subject"}}, its signature
 * checked by {@link ApiGate}. A withdrawal erases the copies kept on that consent flag, an objection those
 * kept on legitimate interest ({@link Erasure}); a replayed event id changes nothing.
 */
public final class ConsentEventsApi {
  private final SubjectRights rights;
  private final Erasure erasure;
  private final ConsentSource consent;

  public ConsentEventsApi(SubjectRights rights, Erasure erasure, ConsentSource consent) {
    this.rights = rights;
    this.erasure = erasure;
    this.consent = consent;
  }

  public void receive(Exchange ex) throws IOException {
    JsonNode body = ApiReplies.jsonBody(ex);
    String type = ApiInput.required("type", ApiReplies.field(body, "type"));
    if (!type.equals("withdrawal") && !type.equals("objection")) {
      throw ApiException.badRequest("type must be withdrawal or objection");
    }
    String flag = ApiReplies.field(body, "flag");
    if (type.equals("withdrawal") && flag == null) {
      throw ApiException.badRequest("a withdrawal names the consent flag withdrawn");
    }
    flag = flag == null ? null : ApiInput.flag(flag);
    String eventId = ApiInput.eventId(ApiReplies.field(body, "event_id"));
    String subject = ApiInput.subjectRef(ApiInput.required("subject", ApiReplies.field(body, "subject")));
    String key = rights.subjectKey(subject);
    if (consent instanceof CachingConsentLookup cache) {
      cache.invalidate(rights.normalised(subject)); // the next ingest asks the CRM again
    }
    ApiReplies.json(ex, 200, erasure.consentEvent(eventId, key, type, flag));
  }
}
