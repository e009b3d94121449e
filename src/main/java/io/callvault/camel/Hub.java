package io.callvault.camel;

import io.callvault.config.RouteFiles;
import io.callvault.config.Settings;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running hub: Camel Main with the YAML routes from the file system ({@code routes/}) and the
 * beans of {@link CallvaultBeans}. Settings, with secrets resolved, are Camel's property
 * placeholders too, so routes use {@code {{pbx1.host}}} and the like.
 */
public final class Hub implements AutoCloseable {
  /** Runs a {@code ./callvault} command that another process sent to this hub. */
  @FunctionalInterface
  public interface CommandRunner {
    int run(CallvaultBeans beans, java.util.List<String> args, java.io.PrintStream out, java.io.PrintStream err)
        throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);
  private final Main main;
  private final CallvaultBeans beans;
  private final Settings settings;
  private io.callvault.cli.ControlSocket control;

  private Hub(Main main, CallvaultBeans beans, Settings settings) {
    this.main = main;
    this.beans = beans;
    this.settings = settings;
  }

  /**
   * Builds the hub on the route files of {@code routesDir} ({@code ./callvault run --routes DIR}); the settings must
   * not name routes themselves ({@code camel.main.routes-include-pattern}), so that check-config and run read the
   * same files.
   */
  public static Hub create(Settings settings, java.nio.file.Path routesDir, Clock clock) {
    RouteFiles.refuseOtherRouteSettings(settings);
    Map<String, String> routes = Map.of(RouteFiles.INCLUDE_PATTERN, RouteFiles.includePattern(routesDir));
    return create(settings.withOverrides(routes), clock);
  }

  /**
   * Builds the hub on the routes that {@code camel.main.routes-include-pattern} names (default
   * {@code file:routes/*.camel.yaml}); call {@link #start()} or {@link #runUntilStopped()}.
   */
  public static Hub create(Settings settings, Clock clock) {
    RouteFiles.refuseReload(settings);
    if (settings.problems().isEmpty()) {
      // before anything opens: a hub whose API cannot listen does not start (Vert.x would only log it and
      // carry on); a process taking the port in the instant between this check and Vert.x's bind is not caught
      io.callvault.api.HttpPort.checkFree(io.callvault.api.HttpExposure.of(settings.asMap()),
          settings.get("camel.server.port", "8080"), settings.fileName());
    }
    CallvaultBeans beans = new CallvaultBeans(settings, clock);
    try { // after the port and the catalog, whose own checks come first
      checkPbxSources(settings);
    } catch (RuntimeException e) {
      beans.close();
      throw e;
    }
    LOG.info("phone numbers: national numbers are read in region {} (callvault.default-region); a number that is not"
        + " a full number there is looked up and cataloged as written", settings.get("callvault.default-region", "GB"));
    Main main = new Main();
    main.setDefaultPropertyPlaceholderLocation("false");
    Properties props = new Properties();
    props.putIfAbsent("camel.main.name", "callvault");
    props.putIfAbsent("camel.main.routes-include-pattern", "file:routes/*.camel.yaml");
    // Vert.x refuses a larger body with 413 before buffering it, and before any authentication
    props.putIfAbsent("camel.server.maxBodySize", Long.toString(CallvaultBeans.maxJsonBody(settings)));
    props.putAll(settings.asMap());
    // the consent route's redelivery placeholders, from consent.retry.* (routes/ingest-errors.camel.yaml)
    io.callvault.consent.ConsentSettings.fromProperties(settings.asMap(), settings.configDir()).retry()
        .routeProperties().forEach(props::putIfAbsent);
    observeDefaults().forEach(props::putIfAbsent);
    props.putIfAbsent("callvault.drop.concurrency", Integer.toString(Runtime.getRuntime().availableProcessors()));
    // never configurable: stream caching would hold plaintext audio in the heap or spool it to disk
    props.put("camel.main.stream-caching-enabled", "false");
    main.setOverrideProperties(props);
    java.util.List<org.apache.camel.CamelContextAware> needContext = new java.util.ArrayList<>();
    for (Map.Entry<String, Object> e : beans.named().entrySet()) {
      main.bind(e.getKey(), e.getValue());
      if (e.getValue() instanceof org.apache.camel.CamelContextAware aware) {
        needContext.add(aware);
      }
    }
    Hub hub = new Hub(main, beans, settings);
    main.addMainListener(new MainListenerSupport() {
      @Override
      public void afterConfigure(BaseMainSupport m) {
        // beans bound before the context exists get it here (dropSources reads the PBX sources' routes)
        needContext.forEach(a -> a.setCamelContext(m.getCamelContext()));
        try {
          DropConsumers.add(m.getCamelContext()); // a source's concurrency: more consumers of its drop
        } catch (io.callvault.config.ConfigException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException("cannot add the PBX sources' consumers: " + e.getMessage(), e);
        }
        hub.onStartAndStop(m.getCamelContext());
      }
    });
    return hub;
  }

  /**
   * What the PBX sources of the routes need before they can poll (a known_hosts file, a key file that exists, a
   * password or a key, usable format settings): a configuration error at start, naming the key and the fix.
   */
  private static void checkPbxSources(Settings settings) {
    java.nio.file.Path routes = io.callvault.config.PbxSources.routesDir(
        settings.get("camel.main.routes-include-pattern", "file:routes/*.camel.yaml"));
    io.callvault.source.PbxFormats formats = io.callvault.source.PbxFormats.standard(
        new io.callvault.source.PhoneNumbers(settings.get("callvault.default-region", "GB")));
    java.util.List<io.callvault.config.ConfigProblem> problems = io.callvault.config.PbxSources.check(
        io.callvault.config.PbxSources.read(routes), settings, java.nio.file.Path.of(""), formats);
    if (!problems.isEmpty()) {
      throw new io.callvault.config.ConfigException(problems);
    }
  }

  /**
   * Health and metrics on Camel's management server, by default on 127.0.0.1:9876: {@code /observe/health} (and
   * {@code /live}, {@code /ready}) with the hub's readiness checks ({@link DependencyHealthCheck}), and
   * {@code /observe/metrics} for Prometheus (Camel's own meters and the hub's, {@link io.callvault.health.HubMetrics}).
   */
  private static Map<String, String> observeDefaults() {
    Map<String, String> d = new java.util.LinkedHashMap<>();
    d.put("camel.management.enabled", "true");
    d.put("camel.management.host", "127.0.0.1");
    d.put("camel.management.port", "9876");
    d.put("camel.management.healthCheckEnabled", "true");
    d.put("camel.management.metricsEnabled", "true");
    d.put("camel.metrics.enabled", "true");
    d.put("camel.health.exposureLevel", "full");
    return d;
  }

  /**
   * On an H2 catalog, which only this process may open, accepts {@code ./callvault audit|sweep|hold} from
   * other processes of the same user through the catalog's control socket (no network listener). Nothing to do
   * on PostgreSQL, where commands open the catalog themselves.
   */
  public Hub serveCommands(CommandRunner runner) {
    String url = settings.get("catalog.url", io.callvault.catalog.CatalogSettings.DEFAULT_URL);
    io.callvault.cli.ControlSocket.pathFor(url).ifPresent(socket -> {
      try {
        control = io.callvault.cli.ControlSocket.serve(socket, (args, out, err) -> runner.run(beans, args, out, err));
        LOG.info("commands (./callvault audit|sweep|hold) reach this hub through {}", socket);
      } catch (java.io.IOException e) {
        LOG.warn("./callvault audit|sweep|hold cannot reach this hub while it runs: {}", e.getMessage());
      }
    });
    return this;
  }

  /**
   * What the hub does as Camel starts and stops. The beans close while the CamelContext stops, not after
   * {@code main.run()} returns: on SIGTERM, Camel Main's shutdown hook waits for the context to stop and
   * then the JVM halts, so work left for after that (writing the refusal counts to the audit trail) was lost.
   */
  private void onStartAndStop(CamelContext context) {
    try {
      context.addService(new ServiceSupport() {
        @Override
        protected void doStop() {
          closeBeans();
        }
      }, true, true);
      context.addStartupListener(new StartupListener() {
        @Override
        public void onCamelContextStarted(CamelContext c, boolean alreadyStarted) {
          DependencyHealthCheck.registerAll(c, beans.dependencies(), beans.storageChecks());
          if (HttpResponseGuard.install(c, CallvaultBeans.maxJsonBody(settings))) {
            beans.apiGate().verify(c);
            if (Boolean.parseBoolean(settings.get("console.enabled", "true"))) {
              ConsoleFiles.install(HttpResponseGuard.router(c));
            }
          }
        }

        @Override
        public void onCamelContextFullyStarted(CamelContext c, boolean alreadyStarted) {
          io.callvault.api.HttpExposure.of(settings.asMap()).warning().ifPresent(LOG::warn);
          httpAddress(c).ifPresent(a -> LOG.info("HTTP API listening on {} (OpenAPI: {}/api/openapi.json; console: {}{})",
              a, a, a, ConsoleFiles.PATH));
        }
      });
    } catch (Exception e) {
      throw new IllegalStateException("cannot register the hub's start and stop work", e);
    }
  }

  /** The address the HTTP API is bound to, port included (camel.server.port=0 picks a free one). */
  static java.util.Optional<String> httpAddress(CamelContext context) {
    VertxPlatformHttpRouter router = HttpResponseGuard.router(context);
    if (router == null || router.getServer() == null || router.getServer().getServer() == null) {
      return java.util.Optional.empty();
    }
    String host = router.getServer().getHost();
    String scheme = router.getServer().isUseGlobalSslContextParameters() ? "https" : "http";
    return java.util.Optional.of(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
        + router.getServer().getServer().actualPort());
  }

  /** The address the HTTP API is bound to, once started. */
  public java.util.Optional<String> httpAddress() {
    return httpAddress(main.getCamelContext());
  }

  public Hub start() {
    main.start();
    return this;
  }

  /** Runs until the JVM is asked to stop (Ctrl-C, SIGTERM). */
  public void runUntilStopped() throws Exception {
    try {
      main.run();
    } finally {
      closeBeans();
    }
  }

  public CamelContext camelContext() {
    return main.getCamelContext();
  }

  public CallvaultBeans beans() {
    return beans;
  }

  @Override
  public void close() {
    try {
      main.stop();
    } finally {
      closeBeans();
    }
  }

  /** Commands stop being served before the beans (and the catalog) close. */
  private void closeBeans() {
    if (control != null) {
      control.close();
      control = null;
    }
    beans.close();
  }
}
