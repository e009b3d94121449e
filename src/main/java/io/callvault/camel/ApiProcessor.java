package io.callvault.camel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.api.ApiAccess;
import io.callvault.api.ApiException;
import io.callvault.api.Principal;
import io.callvault.api.WebhookSignature;
import io.callvault.audit.AuditAction;
import io.callvault.audit.AuditTrail;
import io.callvault.consent.CachingConsentLookup;
import io.callvault.consent.ConsentSource;
import io.callvault.rights.Erasure;
import io.callvault.rights.SubjectRights;
import io.callvault.retention.Hold;
import io.callvault.retention.HoldScope;
import io.callvault.retention.Holds;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of {@code routes/api.camel.yaml}: each route names its operation, this adapter
 * authenticates the caller, checks the role, audits denials, and answers JSON (errors as RFC 9457
 * problem details). The work itself is done by {@link SubjectRights}, {@link Erasure} and {@link Holds}.
 */
public final class ApiProcessor implements Processor {
  public static final String OPERATION = "callvault.api.operation";
  private static final Logger LOG = LoggerFactory.getLogger(ApiProcessor.class);
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
      .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  private final ApiAccess access;
  private final SubjectRights rights;
  private final Erasure erasure;
  private final Holds holds;
  private final AuditTrail audit;
  private final WebhookSignature webhook;
  private final ConsentSource consent;
  private final io.callvault.api.DeniedRequestLog denied;
  private final ExecutorService streaming = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "callvault-api-stream");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param deniedWindow unauthenticated refusals of one kind within this long share one audit entry (see
   *     {@link io.callvault.api.DeniedRequestLog}); zero audits each one
   */
  public ApiProcessor(ApiAccess access, SubjectRights rights, Erasure erasure, Holds holds, AuditTrail audit,
      WebhookSignature webhook, ConsentSource consent, java.time.Duration deniedWindow) {
    this.access = access;
    this.rights = rights;
    this.erasure = erasure;
    this.holds = holds;
    this.audit = audit;
    this.webhook = webhook;
    this.consent = consent;
    this.denied = new io.callvault.api.DeniedRequestLog(
        (actor, target, reason) -> audit.append(actor, AuditAction.DENIED_REQUEST, target, reason),
        java.time.Clock.systemUTC(), deniedWindow);
  }

  /** Writes the refusal counts not yet in the audit trail; call when the hub stops. */
  public void flushDenied() {
    denied.flush();
  }

  @Override
  public void process(Exchange exchange) {
    String op = exchange.getProperty(OPERATION, "unknown", String.class);
    try {
      switch (op) {
        case "consent-event" -> consentEvent(exchange);
        default -> authenticated(op, exchange);
      }
    } catch (ApiException e) {
      problem(exchange, e.status(), e.title(), e.getMessage());
    } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException
        | java.time.format.DateTimeParseException e) {
      problem(exchange, 400, "Bad Request", e instanceof com.fasterxml.jackson.core.JsonProcessingException
          ? "the body is not valid JSON" : io.callvault.ingest.Redaction.of(e.getMessage()));
    } catch (SubjectRights.NoSuchCopyException e) {
      problem(exchange, 404, "Not Found", e.getMessage());
    } catch (SubjectRights.NoKeyException | io.callvault.rights.EventIdConflictException e) {
      problem(exchange, 409, "Conflict", e.getMessage());
    } catch (Exception e) {
      LOG.error("API operation {} failed: {}", op, io.callvault.ingest.Redaction.reason(e));
      problem(exchange, 500, "Internal Server Error", "the operation failed; see the server log");
    }
  }

  private void authenticated(String op, Exchange ex) throws Exception {
    Principal who = access.authenticate(ex.getIn().getHeader("Authorization", String.class)).orElse(null);
    if (who == null) {
      denied.denied("anonymous", op, "401: no valid credential");
      throw ApiException.unauthorized();
    }
    switch (op) {
      case "subject-recordings" -> {
        require(who, op, who.readsAnyPurpose(), "reading recordings needs the dpo or a <purpose>-reviewer role");
        String key = rights.subjectKey(subjectRef(ex));
        var copies = rights.copies(key, who::canRead);
        audit.append(who.actor(), AuditAction.ACCESS, key, "listed " + copies.size() + " copies");
        json(ex, 200, JSON.createObjectNode().put("subject_key", key).set("copies", JSON.valueToTree(copies)));
      }
      case "subject-export" -> {
        require(who, op, who.isDpo(), "exporting needs the dpo role");
        String key = rights.subjectKey(subjectRef(ex));
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/zip");
        ex.getMessage().setHeader("Content-Disposition", "attachment; filename=\"access-package.zip\"");
        stream(ex, out -> rights.export(key, who.actor(), out));
      }
      case "subject-erase" -> {
        require(who, op, who.isDpo(), "erasure needs the dpo role");
        String key = rights.subjectKey(subjectRef(ex));
        json(ex, 200, JSON.valueToTree(erasure.eraseSubject(key, who.actor(), "erasure request (Art. 17)")));
      }
      case "holds-place" -> {
        require(who, op, who.isDpo(), "holds need the dpo role");
        JsonNode body = body(ex);
        HoldScope scope = HoldScope.valueOf(text(body, "scope").toUpperCase(Locale.ROOT));
        String target = text(body, "target");
        if (scope == HoldScope.SUBJECT) {
          target = rights.subjectKey(target);
        }
        Instant review = body.hasNonNull("review_at")
            ? LocalDate.parse(body.get("review_at").asText()).atStartOfDay(ZoneOffset.UTC).toInstant() : null;
        String id = holds.place(scope, target, text(body, "reason"), who.actor(), review);
        audit.append(who.actor(), AuditAction.HOLD_PLACED, id, scope + " hold");
        json(ex, 201, JSON.valueToTree(holds.find(id).orElseThrow()));
      }
      case "holds-release" -> {
        require(who, op, who.isDpo(), "holds need the dpo role");
        String id = header(ex, "id");
        if (holds.find(id).isEmpty()) {
          throw ApiException.notFound("no legal hold " + id);
        }
        if (!holds.find(id).get().active()) {
          throw ApiException.conflict("legal hold " + id + " was already released");
        }
        Hold released = holds.release(id, who.actor());
        audit.append(who.actor(), AuditAction.HOLD_RELEASED, released.id(), "released");
        json(ex, 200, JSON.valueToTree(released));
      }
      case "holds-list" -> {
        require(who, op, who.isDpo(), "holds need the dpo role");
        json(ex, 200, JSON.valueToTree(holds.list(true)));
      }
      case "recording-audio" -> {
        String purpose = header(ex, "purpose");
        String id = header(ex, "id");
        require(who, op, who.canRead(purpose), "playing audio of purpose '" + purpose + "' needs dpo or " + purpose + "-reviewer");
        rights.checkAudio(id, purpose);
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "audio/wav");
        stream(ex, out -> rights.audio(id, purpose, who.actor(), out));
      }
      case "audit-export" -> {
        require(who, op, who.canReadAudit(), "the audit trail needs the auditor or dpo role");
        ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/x-ndjson");
        stream(ex, audit::exportJsonLines);
      }
      case "audit-verify" -> {
        require(who, op, who.canReadAudit(), "the audit trail needs the auditor or dpo role");
        var result = audit.verify();
        json(ex, result.intact() ? 200 : 409, JSON.valueToTree(result));
      }
      default -> throw ApiException.notFound("no such operation");
    }
  }

  private void consentEvent(Exchange ex) throws Exception {
    byte[] raw = ex.getIn().getBody(byte[].class);
    raw = raw == null ? new byte[0] : raw;
    if (!webhook.verify(raw, ex.getIn().getHeader(WebhookSignature.HEADER, String.class))) {
      denied.denied("crm-webhook", "consent-event", "401: bad or missing signature");
      throw new ApiException(401, "Unauthorized", "the " + WebhookSignature.HEADER + " header does not match the body");
    }
    JsonNode body = JSON.readTree(raw);
    String type = text(body, "type");
    if (!type.equals("withdrawal") && !type.equals("objection")) {
      throw ApiException.badRequest("type must be withdrawal or objection");
    }
    String flag = body.hasNonNull("flag") ? body.get("flag").asText() : null;
    if (type.equals("withdrawal") && flag == null) {
      throw ApiException.badRequest("a withdrawal names the consent flag withdrawn");
    }
    String subject = text(body, "subject");
    String key = rights.subjectKey(subject);
    if (consent instanceof CachingConsentLookup cache) {
      cache.invalidate(rights.normalised(subject)); // the next ingest asks the CRM again
    }
    json(ex, 200, JSON.valueToTree(erasure.consentEvent(text(body, "event_id"), key, type, flag)));
  }

  private void require(Principal who, String op, boolean allowed, String detail) {
    if (!allowed) {
      audit.append(who.actor(), AuditAction.DENIED_REQUEST, op, "403: " + detail);
      throw ApiException.forbidden(detail);
    }
  }

  /** The request header that carries the subject when the path says {@code -} instead of a number. */
  static final String SUBJECT_HEADER = "X-Callvault-Subject";

  /**
   * The subject of a {@code /api/subjects/{ref}} request: the path's {@code ref}, or, when it is {@code -},
   * the {@value #SUBJECT_HEADER} header, which keeps phone numbers out of request lines and so out of
   * proxies' access logs.
   */
  private static String subjectRef(Exchange ex) {
    String ref = header(ex, "ref");
    return ref.equals("-") ? header(ex, SUBJECT_HEADER) : ref;
  }

  private static String header(Exchange ex, String name) {
    String v = ex.getIn().getHeader(name, String.class);
    if (v == null || v.isBlank()) {
      throw ApiException.badRequest("missing parameter '" + name + "'");
    }
    return v;
  }

  private static JsonNode body(Exchange ex) throws IOException {
    String s = ex.getIn().getBody(String.class);
    if (s == null || s.isBlank()) {
      throw ApiException.badRequest("a JSON body is required");
    }
    return JSON.readTree(s);
  }

  private static String text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull() || n.asText().isBlank()) {
      throw ApiException.badRequest("missing field '" + field + "'");
    }
    return n.asText();
  }

  private static void json(Exchange ex, int status, JsonNode body) throws IOException {
    ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    ex.getMessage().setBody(JSON.writeValueAsBytes(body));
  }

  static void problem(Exchange ex, int status, String title, String detail) {
    ObjectNode p = JSON.createObjectNode();
    p.put("type", "about:blank");
    p.put("title", title);
    p.put("status", status);
    p.put("detail", detail);
    ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
    try {
      ex.getMessage().setBody(JSON.writeValueAsBytes(p));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A body written by {@code writer} on another thread, so nothing large is held in memory. */
  private void stream(Exchange ex, Writer writer) throws IOException {
    PipedInputStream in = new PipedInputStream(64 * 1024);
    PipedOutputStream out = new PipedOutputStream(in);
    streaming.submit(() -> {
      try (OutputStream o = out) {
        writer.write(o);
      } catch (Exception e) {
        LOG.error("streaming response failed: {}", io.callvault.ingest.Redaction.reason(e));
      }
      return null;
    });
    ex.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
    ex.getMessage().setBody((InputStream) in);
  }

  @FunctionalInterface
  private interface Writer {
    void write(OutputStream out) throws Exception;
  }
}
