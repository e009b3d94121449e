package io.callvault.camel;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The console for the DPO and the quality lead ({@code /console/}): a fixed set of static files from the jar
 * ({@code src/main/resources/console/}), served by the hub's own HTTP server. It has no back end of its own: the
 * page calls the API with the token its user typed, kept in the page's memory only. Only the files listed in
 * {@link #FILES} are served (no directory listing, no path resolution); GET and HEAD only. The security headers
 * (a strict Content-Security-Policy among them) are set on every answer by {@link HttpResponseGuard}.
 */
final class ConsoleFiles {
  /** Where the console lives. */
  static final String PATH = "/console/";
  /** The console's policy: its own scripts, styles and API only; no inline code, no frames, no forms posting away. */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
      + " form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
  /** The file name of each served path under {@link #PATH}, with its type. */
  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "console.js", "text/javascript; charset=utf-8",
      "i18n.js", "text/javascript; charset=utf-8",
      "charts.js", "text/javascript; charset=utf-8",
      "console.css", "text/css; charset=utf-8");

  private ConsoleFiles() {}

  /** Serves the console on the hub's HTTP server; {@code /console} and {@code /console/} answer the page. */
  static void install(VertxPlatformHttpRouter router) {
    Map<String, Buffer> bodies = new LinkedHashMap<>();
    FILES.keySet().forEach(name -> bodies.put(name, Buffer.buffer(read(name))));
    router.route("/console").handler(ctx -> answer(ctx, bodies, "index.html"));
    router.route(PATH + "*").handler(ctx -> {
      String name = ctx.request().path().substring(PATH.length());
      answer(ctx, bodies, name.isEmpty() ? "index.html" : name);
    });
  }

  private static void answer(RoutingContext ctx, Map<String, Buffer> bodies, String name) {
    HttpMethod method = ctx.request().method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      ctx.response().setStatusCode(405).putHeader("Allow", "GET, HEAD").end();
      return;
    }
    Buffer body = bodies.get(name);
    if (body == null) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8").end("not found");
      return;
    }
    ctx.response().putHeader("Content-Type", FILES.get(name));
    if (method == HttpMethod.HEAD) {
      ctx.response().putHeader("Content-Length", Integer.toString(body.length())).end();
    } else {
      ctx.response().end(body);
    }
  }

  private static byte[] read(String name) {
    try (InputStream in = ConsoleFiles.class.getResourceAsStream("/console/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the console file console/" + name + " is missing from the jar; rebuild it");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
