package io.callvault.consent;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Consent flags from a CRM's JSON-over-HTTP API: one GET per subject, flags picked out of the body
 * with JSON Pointers or JSONPaths, raw values mapped to statuses. CRMs whose consent API is keyed by a record
 * id or an email (Salesforce, HubSpot) get one GET before it that finds that key by the caller's number (the
 * resolve step; no match means "unknown subject"). HTTP 404 means "unknown subject"
 * (an answer without flags); every other failure is a {@link ConsentUnavailableException} whose
 * message names the endpoint's host, never the subject. An answer is read into memory only up to
 * {@link #MAX_BODY_BYTES}: a larger one is cut off and counts as unavailable, so a CRM (or a proxy in front of it)
 * answering a huge body cannot fill the heap.
 */
public final class HttpJsonConsentSource implements ConsentSource {
  private static final String SOURCE = "http";
  /** The largest answer read (1 MiB): a consent answer is a few hundred bytes, a search result a few kB. */
  public static final int MAX_BODY_BYTES = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Configuration JSONPATH =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(JSON))
          .mappingProvider(new JacksonMappingProvider(JSON))
          .options(Option.SUPPRESS_EXCEPTIONS)
          .build();

  private final HttpConsentSettings settings;
  private final HttpClient client;
  private final String endpoint;
  private final Map<String, FlagPath> paths;
  /** Flags whose path keeps finding nothing in the answers: logged once (a wrong pointer reads as "unknown"). */
  private final AbsentFlags absent = new AbsentFlags();
  /** Where the CRM's id is in the resolve step's answer; null without a resolve step. */
  private final FlagPath resolvePath;

  public HttpJsonConsentSource(HttpConsentSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.endpoint = endpointOf(settings.urlTemplate());
    Map<String, FlagPath> compiled = new LinkedHashMap<>();
    settings.flagPaths().forEach((flag, path) -> {
      String problem = pathProblem(path);
      if (problem != null) {
        throw new IllegalArgumentException("flag " + flag + ": " + problem);
      }
      compiled.put(flag, new FlagPath(path));
    });
    this.paths = Map.copyOf(compiled);
    if (settings.resolvePath() != null) {
      String problem = pathProblem(settings.resolvePath());
      if (problem != null) {
        throw new IllegalArgumentException("consent.http.resolve.path: " + problem);
      }
      endpointOf(settings.resolveUrlTemplate());
    }
    this.resolvePath = settings.resolvePath() == null ? null : new FlagPath(settings.resolvePath());
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Why {@code path} cannot be used as a flag path, or {@code null} when it can.
   *
   * @param path a JSON Pointer ({@code /a/b}) or JSONPath ({@code $.a.b}), may hold {@code
   *     {subject}}
   */
  public static String pathProblem(String path) {
    if (path == null || path.isBlank()) {
      return "the path is empty";
    }
    String probe = path.replace(HttpConsentSettings.SUBJECT_PLACEHOLDER, "probe");
    if (path.startsWith("/")) {
      try {
        JsonPointer.compile(probe);
        return null;
      } catch (IllegalArgumentException e) {
        return "not a valid JSON Pointer (" + e.getMessage() + ")";
      }
    }
    if (path.startsWith("$")) {
      try {
        JsonPath.compile(probe);
        return null;
      } catch (InvalidPathException e) {
        return "not a valid JSONPath (" + e.getMessage() + ")";
      }
    }
    return "a path must be a JSON Pointer starting with / or a JSONPath starting with $";
  }

  @Override
  public ConsentAnswer lookup(String subject) throws ConsentUnavailableException {
    Objects.requireNonNull(subject, "subject");
    String key = subject;
    if (resolvePath != null) {
      JsonNode found = get(settings.resolveUrlTemplate(), "consent.http.resolve.url-template", subject);
      String id = found == null ? null : text(resolvePath.read(found, subject));
      if (id == null) {
        return new ConsentAnswer(Map.of(), SOURCE); // the CRM knows no record with this number: unknown
      }
      key = id;
    }
    JsonNode root = get(settings.urlTemplate(), "consent.http.url-template", key);
    if (root == null) {
      return new ConsentAnswer(Map.of(), SOURCE);
    }
    Map<String, ConsentStatus> flags = new LinkedHashMap<>();
    for (Map.Entry<String, FlagPath> e : paths.entrySet()) {
      Object raw = e.getValue().read(root, key);
      absent.seen(e.getKey(), e.getValue().template, found(raw));
      flags.put(e.getKey(), map(raw));
    }
    return new ConsentAnswer(flags, SOURCE);
  }

  /** GETs {@code template} for {@code subject}: its JSON body, or null on 404 (an unknown subject). */
  private JsonNode get(String template, String key, String subject) throws ConsentUnavailableException {
    URI uri;
    try {
      uri = URI.create(template.replace(HttpConsentSettings.SUBJECT_PLACEHOLDER, percentEncode(subject)));
    } catch (IllegalArgumentException e) {
      throw unavailable("cannot build a valid URL from " + key);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).GET().timeout(settings.timeout())
            .header("Accept", "application/json");
    if (settings.authHeaderName() != null) {
      request.header(settings.authHeaderName(), settings.authHeaderValue());
    }
    HttpResponse<byte[]> response = send(request.build());
    int status = response.statusCode();
    if (status == 404) {
      return null;
    }
    if (status == 401 || status == 403) {
      throw unavailable(
          "authentication failed (HTTP " + status + "); check consent.http.auth-header and"
              + " consent.http.auth-value");
    }
    if (status >= 500) {
      throw unavailable("failed (HTTP " + status + ")");
    }
    if (status < 200 || status >= 300) {
      throw unavailable("rejected the request (HTTP " + status + ")");
    }
    return parse(response);
  }

  /** The text of a resolved id: a non-empty scalar (the first element of a list), else null. */
  private static String text(Object raw) {
    Object v = raw instanceof List<?> list ? (list.isEmpty() ? null : list.get(0)) : raw;
    if (v instanceof JsonNode node) {
      v = node.isArray() ? (node.isEmpty() ? null : node.get(0)) : node;
      if (v instanceof JsonNode n && (n.isValueNode() && !n.isNull())) {
        return n.asText().isBlank() ? null : n.asText();
      }
      return null;
    }
    return v == null || v.toString().isBlank() ? null : v.toString();
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws ConsentUnavailableException {
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(request, info -> new BoundedBody(MAX_BODY_BYTES,
            info.headers().firstValueAsLong("Content-Length").orElse(-1)));
    try {
      // Overall deadline: the request timeout only covers the wait for the response headers.
      return future.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw unavailable("did not answer within " + settings.timeout());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw unavailable("lookup was interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        throw unavailable("did not answer within " + settings.timeout(), cause);
      }
      if (BoundedBody.TooLarge.in(cause)) {
        throw unavailable("answered a body larger than " + MAX_BODY_BYTES + " bytes, which is not a consent"
            + " answer; it was not read further (check consent.http.url-template and the CRM)");
      }
      if (cause instanceof ConnectException) {
        throw unavailable("cannot be reached (connection refused or failed)", cause);
      }
      if (cause instanceof IOException) {
        throw unavailable("failed (" + cause.getClass().getSimpleName() + ")", cause);
      }
      throw unavailable("failed (" + cause.getClass().getSimpleName() + ")");
    }
  }

  private JsonNode parse(HttpResponse<byte[]> response) throws ConsentUnavailableException {
    String type = response.headers().firstValue("Content-Type").orElse("none");
    JsonNode root;
    try {
      root = JSON.readTree(response.body());
    } catch (IOException e) {
      // No cause: parser messages quote the body, which may hold personal data.
      throw unavailable("answered a body that is not JSON (content type " + type + ")");
    }
    if (root == null || !(root.isObject() || root.isArray())) {
      throw unavailable(
          "answered a body that is not a JSON object or array (content type " + type + ")");
    }
    return root;
  }

  /**
   * The flags whose path finds nothing in {@code answer}, a sample of what the CRM answers for {@code subject} (the
   * value that replaces {@code {subject}} in the paths): for check-config, which reads it from
   * {@code consent.http.sample-answer-file}.
   */
  public List<String> flagsMissingFrom(JsonNode answer, String subject) throws ConsentUnavailableException {
    List<String> missing = new java.util.ArrayList<>();
    for (Map.Entry<String, FlagPath> e : paths.entrySet()) {
      if (!found(e.getValue().read(answer, subject))) {
        missing.add(e.getKey());
      }
    }
    return missing;
  }

  /** The path reached something (even a JSON null: the field is there); a missing node or an empty match is not. */
  private static boolean found(Object raw) {
    return raw != null && !(raw instanceof JsonNode n && n.isMissingNode()) && !(raw instanceof List<?> l && l.isEmpty());
  }

  private ConsentStatus map(Object raw) {
    if (raw instanceof List<?> list) {
      return list.isEmpty() ? ConsentStatus.UNKNOWN : map(list.get(0));
    }
    if (raw instanceof JsonNode node) {
      if (node.isArray()) {
        return node.isEmpty() ? ConsentStatus.UNKNOWN : map(node.get(0));
      }
      if (node.isMissingNode() || node.isNull() || node.isContainerNode()) {
        return ConsentStatus.UNKNOWN;
      }
      return ConsentValues.parse(node.asText(), settings.valueMap());
    }
    if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
      return ConsentValues.parse(raw.toString(), settings.valueMap());
    }
    return ConsentStatus.UNKNOWN;
  }

  private ConsentUnavailableException unavailable(String what) {
    return new ConsentUnavailableException("consent service at " + endpoint + " " + what);
  }

  private ConsentUnavailableException unavailable(String what, Throwable cause) {
    return new ConsentUnavailableException("consent service at " + endpoint + " " + what, cause);
  }

  /** {@code scheme://host:port} of the template: safe to show, holds no subject. */
  static String endpointOf(String urlTemplate) {
    try {
      URI uri = URI.create(urlTemplate.replace(HttpConsentSettings.SUBJECT_PLACEHOLDER, "x"));
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("the URL template must be an absolute http(s) URL");
      }
      return uri.getScheme() + "://" + uri.getHost()
          + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the URL template must be an absolute http(s) URL");
    }
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters; safe in paths and queries. */
  static String percentEncode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "HttpJsonConsentSource[" + endpoint + "]";
  }

  /** One flag's path, with the subject substituted per lookup when the path needs it. */
  private static final class FlagPath {
    private final String template;
    private final boolean pointer;
    private final boolean perSubject;
    private final JsonPointer fixedPointer;
    private final JsonPath fixedPath;

    FlagPath(String template) {
      this.template = template;
      this.pointer = template.startsWith("/");
      this.perSubject = template.contains(HttpConsentSettings.SUBJECT_PLACEHOLDER);
      this.fixedPointer = pointer && !perSubject ? JsonPointer.compile(template) : null;
      this.fixedPath = !pointer && !perSubject ? JsonPath.compile(template) : null;
    }

    Object read(JsonNode root, String subject) throws ConsentUnavailableException {
      try {
        if (pointer) {
          JsonPointer p =
              perSubject
                  ? JsonPointer.compile(
                      template.replace(
                          HttpConsentSettings.SUBJECT_PLACEHOLDER, pointerEscape(subject)))
                  : fixedPointer;
          return root.at(p);
        }
        JsonPath p =
            perSubject
                ? JsonPath.compile(
                    template.replace(
                        HttpConsentSettings.SUBJECT_PLACEHOLDER, jsonPathEscape(subject)))
                : fixedPath;
        return JsonPath.using(JSONPATH).parse(root).read(p);
      } catch (RuntimeException e) {
        // No cause: the message would quote the path, which holds the subject.
        throw new ConsentUnavailableException(
            "a configured consent.http.flag path cannot be evaluated ("
                + e.getClass().getSimpleName() + ")");
      }
    }

    /** RFC 6901: {@code ~} becomes {@code ~0}, {@code /} becomes {@code ~1}. */
    static String pointerEscape(String s) {
      return s.replace("~", "~0").replace("/", "~1");
    }

    /** For a subject inside a quoted JSONPath name: {@code ['{subject}']}. */
    static String jsonPathEscape(String s) {
      return s.replace("\\", "\\\\").replace("'", "\\'");
    }
  }

  /**
   * Collects a response body of at most {@code limit} bytes, one buffer at a time; a body declared or found to be
   * larger fails with {@link TooLarge} and the rest of it is not read (the connection is dropped).
   */
  private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final long declared;
    private final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private java.util.concurrent.Flow.Subscription subscription;

    BoundedBody(int limit, long declared) {
      this.limit = limit;
      this.declared = declared;
    }

    @Override
    public java.util.concurrent.CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
      subscription = s;
      if (declared > limit) {
        tooLarge();
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(List<java.nio.ByteBuffer> buffers) {
      for (java.nio.ByteBuffer b : buffers) {
        if (result.isDone()) {
          return;
        }
        if (body.size() + b.remaining() > limit) {
          tooLarge();
          return;
        }
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        body.write(bytes, 0, bytes.length);
      }
      subscription.request(1);
    }

    private void tooLarge() {
      subscription.cancel();
      result.completeExceptionally(new TooLarge());
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(body.toByteArray());
    }

    /** The answer is larger than the limit. */
    static final class TooLarge extends IOException {
      private static final long serialVersionUID = 1L;

      TooLarge() {
        super("the answer exceeds the body limit");
      }

      static boolean in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
          if (c instanceof TooLarge) {
            return true;
          }
        }
        return false;
      }
    }
  }
}
