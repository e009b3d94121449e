package io.callvault.camel;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The first and last word on every HTTP answer of the hub, whoever writes it (an operation, Camel, Vert.x's
 * own 404, 405 or 413).
 *
 * <p>First: a body declared larger than camel.server.maxBodySize is refused with 413 before a byte of it
 * is read (a chunked one is cut off at that size by Vert.x's body handler, answered here too), and a body
 * that is not {@code application/json}, the only type the API takes, with 415.
 *
 * <p>Last: only known headers leave ({@link #ALLOWED}), and none that the request named (Camel maps query
 * parameters and request headers to message headers, which would otherwise go back out: {@code
 * ?Set-Cookie=...} became a cookie); every answer gets {@code X-Content-Type-Options: nosniff} and {@code
 * Cache-Control: no-store} (answers carry personal data), a Content-Security-Policy, {@code X-Frame-Options: DENY}
 * and {@code Referrer-Policy: no-referrer}, and a 401 a {@code WWW-Authenticate} challenge.
 */
final class HttpResponseGuard {
  /** Response headers that may leave, lower case; everything else is dropped. */
  static final Set<String> ALLOWED = Set.of("content-type", "content-length", "transfer-encoding", "connection",
      "keep-alive", "date", "cache-control", "content-disposition", "www-authenticate", "x-content-type-options",
      "allow", "vary");
  /** Headers the server always writes itself, even when the request had one of that name. */
  private static final Set<String> OWN = Set.of("content-type", "content-length", "transfer-encoding", "connection",
      "keep-alive", "date");

  private HttpResponseGuard() {}

  /** Puts the guard in front of every route of the hub's HTTP server; false when the server is off. */
  static boolean install(CamelContext context, long maxBody) {
    VertxPlatformHttpRouter router = router(context);
    if (router == null) {
      return false;
    }
    router.route().order(Integer.MIN_VALUE)
        .handler(ctx -> guard(ctx, maxBody))
        .failureHandler(ctx -> {
          if (ctx.statusCode() == 413) {
            answerProblem(ctx, 413, "Payload Too Large", "the request body is larger than " + maxBody + " bytes");
          } else {
            ctx.next();
          }
        });
    return true;
  }

  /** The router of the hub's HTTP server (camel.server.*, named after its port), or null when it is off. */
  static VertxPlatformHttpRouter router(CamelContext context) {
    return context.getRegistry().findByType(VertxPlatformHttpRouter.class).stream()
        .filter(VertxPlatformHttpRouter::isMainServer).findFirst().orElse(null);
  }

  private static void guard(RoutingContext ctx, long maxBody) {
    HttpServerRequest request = ctx.request();
    Set<String> named = new HashSet<>();
    request.headers().names().forEach(n -> named.add(n.toLowerCase(Locale.ROOT)));
    request.params().names().forEach(n -> named.add(n.toLowerCase(Locale.ROOT)));
    named.removeAll(OWN);
    boolean console = request.path().equals("/console") || request.path().startsWith(ConsoleFiles.PATH);
    ctx.addHeadersEndHandler(v -> secure(ctx.response(), named, console));
    String length = request.getHeader("Content-Length");
    long declared = length == null ? -1 : parseLength(length);
    boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
    if (declared > maxBody) {
      answerProblem(ctx, 413, "Payload Too Large", "the request body is larger than " + maxBody + " bytes");
    } else if ((declared > 0 || chunked) && !isJson(request.getHeader("Content-Type"))) {
      answerProblem(ctx, 415, "Unsupported Media Type", "send the body as Content-Type: application/json");
    } else {
      ctx.next();
    }
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static boolean isJson(String contentType) {
    return contentType != null
        && contentType.split(";")[0].strip().equalsIgnoreCase("application/json");
  }

  /**
   * Drops every header not in {@link #ALLOWED} or named by the request, and adds the security headers: the
   * console's pages get its Content-Security-Policy ({@link ConsoleFiles#CSP}), every other answer one that
   * allows nothing; no answer may be framed or sent as a referrer.
   */
  static void secure(HttpServerResponse response, Set<String> namedByRequest, boolean console) {
    MultiMap headers = response.headers();
    List<String> drop = new ArrayList<>();
    for (String name : headers.names()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (!ALLOWED.contains(lower) || namedByRequest.contains(lower)) {
        drop.add(name);
      }
    }
    drop.forEach(headers::remove);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Cache-Control", "no-store");
    headers.set("Content-Security-Policy", console ? ConsoleFiles.CSP : "default-src 'none'; frame-ancestors 'none'");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    if (response.getStatusCode() == 401 && !headers.contains("WWW-Authenticate")) {
      headers.set("WWW-Authenticate", "Bearer realm=\"callvault\"");
    }
  }

  private static void answerProblem(RoutingContext ctx, int status, String title, String detail) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      ctx.request().connection().close();
      return;
    }
    String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
        + ",\"detail\":\"" + detail + "\"}";
    // the body was not read: close the connection rather than read what may be megabytes
    response.setStatusCode(status).putHeader("Content-Type", "application/problem+json").putHeader("Connection", "close");
    response.end(body);
  }
}
