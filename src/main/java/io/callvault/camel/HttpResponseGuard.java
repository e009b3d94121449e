package io.callvault.camel;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The last word on every HTTP answer of the hub, whoever writes it (an operation, Camel, Vert.x's own 404,
 * 405, 413 or 415): only known headers leave ({@link #ALLOWED}; Camel maps query parameters and request
 * headers to message headers, which would otherwise go back out), with {@code X-Content-Type-Options:
 * nosniff}, {@code Cache-Control: no-store} (answers carry personal data) and, on a 401, a
 * {@code WWW-Authenticate} challenge. Vert.x's own errors answer problem details too.
 */
final class HttpResponseGuard {
  /** Response headers that may leave, lower case; everything else is dropped. */
  static final Set<String> ALLOWED = Set.of("content-type", "content-length", "transfer-encoding", "connection",
      "keep-alive", "date", "cache-control", "content-disposition", "www-authenticate", "x-content-type-options",
      "allow", "vary");

  private static final Map<Integer, String> VERTX_ERRORS = Map.of(
      404, "Not Found", 405, "Method Not Allowed", 406, "Not Acceptable", 413, "Payload Too Large",
      415, "Unsupported Media Type");

  private HttpResponseGuard() {}

  /** Puts the guard in front of every route of the hub's HTTP server; false when the server is off. */
  static boolean install(CamelContext context) {
    VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME);
    if (router == null) {
      return false;
    }
    router.route().order(Integer.MIN_VALUE).handler(ctx -> {
      ctx.addHeadersEndHandler(v -> secure(ctx.response()));
      ctx.next();
    });
    VERTX_ERRORS.forEach((status, title) -> router.errorHandler(status, ctx -> answerProblem(ctx, status, title)));
    return true;
  }

  /** Drops every header not in {@link #ALLOWED} and adds the security headers. */
  static void secure(HttpServerResponse response) {
    MultiMap headers = response.headers();
    List<String> drop = new ArrayList<>();
    for (String name : headers.names()) {
      if (!ALLOWED.contains(name.toLowerCase(Locale.ROOT))) {
        drop.add(name);
      }
    }
    drop.forEach(headers::remove);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Cache-Control", "no-store");
    if (response.getStatusCode() == 401 && !headers.contains("WWW-Authenticate")) {
      headers.set("WWW-Authenticate", "Bearer realm=\"callvault\"");
    }
  }

  private static void answerProblem(RoutingContext ctx, int status, String title) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      ctx.request().connection().close();
      return;
    }
    String detail = switch (status) {
      case 413 -> "the request body is larger than this endpoint takes";
      case 415 -> "send Content-Type: application/json";
      case 405 -> "this path does not take that method; see /api/openapi.json";
      case 406 -> "this endpoint cannot answer in the type the Accept header asks for";
      default -> "no such endpoint; see /api/openapi.json";
    };
    String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
        + ",\"detail\":\"" + detail + "\"}";
    response.setStatusCode(status).putHeader("Content-Type", "application/problem+json");
    if (status == 413) {
      response.putHeader("Connection", "close"); // the rest of the body is not read
    }
    response.end(body);
  }
}
