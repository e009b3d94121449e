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
  private final Main main;
  private final CallvaultBeans beans;

  private Hub(Main main, CallvaultBeans beans) {
    this.main = main;
    this.beans = beans;
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
    // never configurable: stream caching would hold plaintext audio in the heap or spool it to disk
    props.put("camel.main.stream-caching-enabled", "false");
    main.setOverrideProperties(props);
    for (Map.Entry<String, Object> e : beans.named().entrySet()) {
      main.bind(e.getKey(), e.getValue());
    }
    return new Hub(main, beans);
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
      beans.close();
    }
  }
}
