package io.callvault.camel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.callvault.api.ApiException;
import io.callvault.ingest.Redaction;
import io.callvault.rights.SubjectRights;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the API answers: JSON, streamed bodies and RFC 9457 problem details. Every answer starts from no
 * headers at all, so nothing of the request (query parameters and request headers are message headers in
 * Camel) goes back out; {@link HttpResponseGuard} keeps only known headers on the wire as well.
 */
final class ApiReplies {
  private static final Logger LOG = LoggerFactory.getLogger(ApiReplies.class);
  static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private static final ExecutorService STREAMING = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "callvault-api-stream");
    t.setDaemon(true);
    return t;
  });

  private ApiReplies() {}

  /** A body written by another thread while the response is sent. */
  @FunctionalInterface
  interface BodyWriter {
    void write(OutputStream out) throws Exception;
  }

  static void json(Exchange ex, int status, Object value) {
    try {
      byte[] body = JSON.writeValueAsBytes(value);
      Message m = reset(ex, status, "application/json");
      m.setBody(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the answer as JSON", e);
    }
  }

  /** Streams what {@code writer} writes, so nothing large is held in memory. */
  static void stream(Exchange ex, String contentType, Map<String, String> headers, BodyWriter writer) {
    try {
      PipedInputStream in = new PipedInputStream(64 * 1024);
      PipedOutputStream out = new PipedOutputStream(in);
      STREAMING.submit(() -> {
        try (OutputStream o = out) {
          writer.write(o);
        } catch (Exception e) {
          LOG.error("streaming response failed: {}", Redaction.reason(e));
        }
        return null;
      });
      Message m = reset(ex, 200, contentType);
      headers.forEach(m::setHeader);
      m.setBody((InputStream) in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void problem(Exchange ex, ApiException e) {
    ObjectNode p = JSON.createObjectNode();
    p.put("type", "about:blank");
    p.put("title", e.title());
    p.put("status", e.status());
    p.put("detail", e.getMessage());
    Message m = reset(ex, e.status(), "application/problem+json");
    if (e.challenge() != null) {
      m.setHeader("WWW-Authenticate", e.challenge());
    }
    m.setBody(p.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The answer to an operation that threw: its kind decides the status; the detail never names a class. */
  static void failure(Exchange ex) {
    Exception e = ex.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    problem(ex, asProblem(e, ex.getFromRouteId()));
  }

  static ApiException asProblem(Exception e, String where) {
    if (e instanceof ApiException api) {
      return api;
    }
    if (e instanceof JsonProcessingException) {
      return ApiException.badRequest("the body is not valid JSON");
    }
    if (e instanceof SubjectRights.NoSuchCopyException) {
      return ApiException.notFound(e.getMessage());
    }
    if (e instanceof SubjectRights.NoKeyException || e instanceof io.callvault.rights.EventIdConflictException) {
      return ApiException.conflict(e.getMessage());
    }
    if (e instanceof IllegalArgumentException && e.getMessage() != null && !e.getMessage().contains("java.")
        && !e.getMessage().contains("io.callvault.")) {
      // the core's own checks (Holds: a hold target that is not an opaque id) say what to fix
      return ApiException.badRequest(Redaction.of(e.getMessage()));
    }
    LOG.error("API operation {} failed: {}", where, e == null ? "unknown" : Redaction.reason(e));
    return new ApiException(500, "Internal Server Error", "the operation failed; see the server log");
  }

  /** A request body as JSON; 400 when there is none. */
  static JsonNode jsonBody(Exchange ex) throws IOException {
    byte[] raw = ex.getIn().getBody(byte[].class);
    if (raw == null || raw.length == 0) {
      throw ApiException.badRequest("a JSON body is required");
    }
    JsonNode body = JSON.readTree(raw);
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("the body must be a JSON object");
    }
    return body;
  }

  /** A text field of a JSON body, or null when absent. */
  static String field(JsonNode body, String name) {
    JsonNode n = body.get(name);
    return n == null || n.isNull() ? null : n.asText();
  }

  /** A path parameter (platform-http sets them as headers); 400 when missing. */
  static String pathParam(Exchange ex, String name) {
    String v = ex.getIn().getHeader(name, String.class);
    if (v == null || v.isBlank()) {
      throw ApiException.badRequest("missing parameter '" + name + "'");
    }
    return v;
  }

  private static Message reset(Exchange ex, int status, String contentType) {
    Message m = ex.getMessage();
    m.getHeaders().clear();
    m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
    m.setHeader(Exchange.CONTENT_TYPE, contentType);
    m.setHeader("Cache-Control", "no-store");
    return m;
  }
}
