package io.callvault.demo;

import io.callvault.config.Settings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The settings of the last {@code ./callvault demo}, kept in {@code data/demo/demo.properties}, so that
 * other commands ({@code sweep --demo}, {@code hold --demo}) work on the demo's catalog and S3 data.
 * Opening it starts the embedded S3 server on the demo's data folder again.
 */
public final class DemoProfile implements AutoCloseable {
  public static final String FILE = "demo.properties";
  private final EmbeddedS3Server s3;
  private final Settings settings;

  private DemoProfile(EmbeddedS3Server s3, Settings settings) {
    this.s3 = s3;
    this.settings = settings;
  }

  static void save(Path home, Map<String, String> overrides) throws IOException {
    Properties p = new Properties();
    overrides.forEach(p::setProperty);
    java.io.StringWriter w = new java.io.StringWriter();
    p.store(w, "settings of the last ./callvault demo (local embedded servers only)");
    io.callvault.config.PrivateFiles.writeString(home.resolve(FILE), w.toString());
  }

  /** The catalog URL of the last demo; fails with a clear message when no demo ran here yet. */
  public static String catalogUrl(Path home) throws IOException {
    return load(home).getProperty("catalog.url");
  }

  /** The settings the last demo ran with, as overrides (its S3 endpoint may be gone: use {@link #open} for S3). */
  public static Map<String, String> overrides(Path home) throws IOException {
    Properties p = load(home);
    Map<String, String> overrides = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> overrides.put(k, p.getProperty(k)));
    return overrides;
  }

  private static Properties load(Path home) throws IOException {
    Path file = home.resolve(FILE);
    if (!Files.exists(file)) {
      throw new IllegalStateException("no demo data in " + home + ": run ./callvault demo first");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    return p;
  }

  /** Re-opens the demo's data; fails with a clear message when no demo ran here yet. */
  public static DemoProfile open(Path home, Path configDir) throws IOException {
    Map<String, String> overrides = overrides(home);
    EmbeddedS3Server s3 = new EmbeddedS3Server(home.resolve("s3"), 0, overrides.get("s3.access-key"), overrides.get("s3.secret-key"));
    s3.start();
    overrides.put("s3.endpoint", s3.endpoint().toString());
    overrides.put("camel.server.enabled", "false");
    return new DemoProfile(s3, Settings.load(configDir.resolve("application.properties"), overrides));
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public void close() {
    s3.close();
  }
}
