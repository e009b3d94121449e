package io.callvault.camel;

import io.callvault.config.Settings;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

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

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Hub.class);
  private final Main main;
  private final CallvaultBeans beans;
  private final Settings settings;
  private io.callvault.cli.ControlSocket control;

  private Hub(Main main, CallvaultBeans beans, Settings settings) {
    this.main = main;
    this.beans = beans;
    this.settings = settings;
  }

  /** Builds the hub; call {@link #start()} or {@link #runUntilStopped()}. */
  public static Hub create(Settings settings, Clock clock) {
    CallvaultBeans beans = new CallvaultBeans(settings, clock);
    Main main = new Main();
    main.setDefaultPropertyPlaceholderLocation("false");
    Properties props = new Properties();
    props.putIfAbsent("camel.main.name", "callvault");
    props.putIfAbsent("camel.main.routes-include-pattern", "file:routes/*.camel.yaml");
    props.putAll(settings.asMap());
    // the consent route's redelivery placeholders, from consent.retry.* (routes/ingest-errors.camel.yaml)
    io.callvault.consent.ConsentSettings.fromProperties(settings.asMap(), settings.configDir()).retry()
        .routeProperties().forEach(props::putIfAbsent);
    // never configurable: stream caching would hold plaintext audio in the heap or spool it to disk
    props.put("camel.main.stream-caching-enabled", "false");
    main.setOverrideProperties(props);
    for (Map.Entry<String, Object> e : beans.named().entrySet()) {
      main.bind(e.getKey(), e.getValue());
    }
    return new Hub(main, beans, settings);
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

  public Hub start() {
    main.start();
    return this;
  }

  /** Runs until the JVM is asked to stop (Ctrl-C, SIGTERM). */
  public void runUntilStopped() throws Exception {
    try {
      main.run();
    } finally {
      stopServingCommands();
      beans.close();
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
      stopServingCommands();
      beans.close();
    }
  }

  private void stopServingCommands() {
    if (control != null) {
      control.close();
      control = null;
    }
  }
}
