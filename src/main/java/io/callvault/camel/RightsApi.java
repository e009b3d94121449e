package io.callvault.camel;

import io.callvault.api.ApiInput;
import io.callvault.api.Principal;
import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditTrail;
import io.callvault.notice.Language;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import io.callvault.rights.Erasure;
import io.callvault.rights.SubjectRights;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The data-subject operations of {@code routes/api.camel.yaml}: list, export and erase a subject's copies,
 * play one copy's audio. The caller was authenticated and holds a listed role ({@link ApiGate}); the work
 * is done by {@link SubjectRights} and {@link Erasure}.
 */
public final class RightsApi {
  /** The request header that carries the subject when the path says {@code -} instead of a number. */
  static final String SUBJECT_HEADER = "X-Callvault-Subject";
  /** The grounds of an erasure requested through the API. */
  private static final String ERASURE_GROUNDS = "erasure request (Art. 17)";

  private final SubjectRights rights;
  private final Erasure erasure;
  private final AuditTrail audit;
  private final List<String> purposes;
  private final ApiGate gate;

  public RightsApi(SubjectRights rights, Erasure erasure, AuditTrail audit, PolicySet policies, ApiGate gate) {
    this.rights = rights;
    this.erasure = erasure;
    this.audit = audit;
    this.purposes = policies.purposes().stream().map(Purpose::name).toList();
    this.gate = gate;
  }

  /** GET /api/subjects/{ref}/recordings: the copies of the purposes the caller may read. */
  public void recordings(Exchange ex) {
    Principal who = ApiGate.principal(ex);
    String key = rights.subjectKey(subjectRef(ex));
    var copies = rights.copies(key, who::canRead);
    audit.append(who.actor(), AuditAction.ACCESS, key, "listed " + copies.size() + " copies");
    ApiReplies.json(ex, 200, Map.of("subject_key", key, "copies", copies));
  }

  /** POST /api/subjects/{ref}/export[?lang=fr|en]: the access package (Art. 15), streamed; its statement in lang. */
  public void export(Exchange ex) {
    Principal who = ApiGate.principal(ex);
    String key = rights.subjectKey(subjectRef(ex));
    Language language = ApiInput.language(ex.getIn().getHeader("lang", String.class));
    ApiReplies.stream(ex, "application/zip", Map.of("Content-Disposition", "attachment; filename=\"access-package.zip\""),
        out -> rights.export(key, who.actor(), out, language));
  }

  /** DELETE /api/subjects/{ref}: erasure (Art. 17) and its certificate. */
  public void erase(Exchange ex) {
    Principal who = ApiGate.principal(ex);
    String key = rights.subjectKey(subjectRef(ex));
    ApiReplies.json(ex, 200, erasure.eraseSubject(key, who.actor(), ERASURE_GROUNDS));
  }

  /**
   * GET /api/subjects/{ref}/erasure-preview: the dry run of the erasure, per copy what it would do and why
   * (WOULD_ERASE, KEPT with the article, ALREADY_GONE); nothing is changed. Audited as an access.
   */
  public void erasurePreview(Exchange ex) {
    Principal who = ApiGate.principal(ex);
    String key = rights.subjectKey(subjectRef(ex));
    List<Erasure.CopyResult> copies = erasure.preview(key, ERASURE_GROUNDS);
    audit.append(who.actor(), AuditAction.ACCESS, key, "erasure preview of " + copies.size() + " copies");
    ApiReplies.json(ex, 200, Map.of("subject_key", key, "copies", copies));
  }

  /** GET /api/recordings/{id}/audio?purpose=P: one copy's decrypted audio, for dpo or P-reviewer. */
  public void audio(Exchange ex) {
    Principal who = ApiGate.principal(ex);
    String purpose = ApiInput.purpose(ex.getIn().getHeader("purpose", String.class), purposes);
    String id = ApiInput.recordingId(ApiReplies.pathParam(ex, "id"));
    if (!who.canRead(purpose)) {
      throw gate.refuse(who, "recording-audio", "playing audio of purpose '" + purpose + "' needs dpo or "
          + purpose + "-reviewer");
    }
    rights.checkAudio(id, purpose);
    ApiReplies.stream(ex, "audio/wav", Map.of(), out -> rights.audio(id, purpose, who.actor(), out));
  }

  /**
   * The subject of a {@code /api/subjects/{ref}} request: the path's {@code ref}, or, when it is {@code -},
   * the {@value #SUBJECT_HEADER} header, which keeps phone numbers out of request lines and so out of
   * proxies' access logs.
   */
  private static String subjectRef(Exchange ex) {
    String ref = ApiReplies.pathParam(ex, "ref");
    return ApiInput.subjectRef(ref.equals("-") ? ApiReplies.pathParam(ex, SUBJECT_HEADER) : ref);
  }
}
