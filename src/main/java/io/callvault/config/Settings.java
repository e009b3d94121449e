package io.callvault.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code config/application.properties}, with secrets resolved from the environment or from files:
 * {@code ${env:NAME}}, {@code ${env:NAME:default}} and {@code ${file:/run/secrets/x}}. Secrets never
 * live in the repository; a missing variable is a {@link ConfigProblem} that names the key.
 *
 * <p>One rule for paths, applied here and nowhere else: a relative path in the settings (the value of a path key,
 * see {@link ConfigPaths}, a {@code ${file:...}} reference, an H2 {@code catalog.url}, and the defaults) resolves
 * against the directory of the properties file, never against the working directory.
 */
public final class Settings {
  private static final Pattern REF = Pattern.compile("\\$\\{(env|file):([^}:]+)(?::([^}]*))?}");

  private final String fileName;
  private final Path configDir;
  private final Map<String, String> values;
  private final List<ConfigProblem> problems;

  private Settings(String fileName, Path configDir, Map<String, String> values, List<ConfigProblem> problems) {
    this.fileName = fileName;
    this.configDir = configDir;
    this.values = values;
    this.problems = problems;
  }

  /**
   * Loads the properties file, then applies {@code overrides} (used by the demo and tests) on top.
   * Unresolvable references are collected in {@link #problems()}.
   */
  public static Settings load(Path file, Map<String, String> overrides, Function<String, String> env) {
    Properties raw = new Properties();
    List<ConfigProblem> problems = new ArrayList<>();
    String name = file.toString();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        raw.load(r);
      } catch (IOException | IllegalArgumentException e) {
        problems.add(new ConfigProblem(name, "", "cannot read: " + e.getMessage(), "fix the file's syntax (key=value lines)"));
      }
    } else {
      problems.add(new ConfigProblem(name, "", "file not found", "create it; see README 'Configuration reference'"));
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : raw.stringPropertyNames().stream().sorted().toList()) {
      values.put(key, raw.getProperty(key));
    }
    values.putAll(overrides);
    Path dir = file.toAbsolutePath().normalize().getParent();
    values.putIfAbsent(ConfigPaths.CATALOG_URL, ConfigPaths.DEFAULT_CATALOG_URL);
    Map<String, String> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String value = resolve(name, dir, e.getKey(), e.getValue(), env, problems);
      resolved.put(e.getKey(), ConfigPaths.absolute(dir, e.getKey(), value));
    }
    return new Settings(name, dir, Collections.unmodifiableMap(resolved), List.copyOf(problems));
  }

  public static Settings load(Path file, Map<String, String> overrides) {
    return load(file, overrides, System::getenv);
  }

  private static String resolve(String file, Path dir, String key, String value, Function<String, String> env,
      List<ConfigProblem> problems) {
    Matcher m = REF.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String kind = m.group(1);
      String ref = m.group(2);
      String fallback = m.group(3);
      String replacement;
      if (kind.equals("env")) {
        replacement = env.apply(ref);
        if (replacement == null) {
          replacement = fallback;
        }
        if (replacement == null) {
          problems.add(new ConfigProblem(file, key, "environment variable " + ref + " is not set",
              "export " + ref + "=... before starting callvault, or give a default: ${env:" + ref + ":value}"));
          replacement = "";
        }
      } else {
        try {
          replacement = Files.readString(dir.resolve(ref), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          replacement = fallback;
          if (replacement == null) {
            problems.add(new ConfigProblem(file, key, "secret file " + ref + " cannot be read",
                "create the file (readable by callvault only) or change the reference"));
            replacement = "";
          }
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** These settings with more values on top (relative paths among them resolve as in the file). */
  public Settings withOverrides(Map<String, String> more) {
    Map<String, String> merged = new LinkedHashMap<>(values);
    more.forEach((k, v) -> merged.put(k, ConfigPaths.absolute(configDir, k, v)));
    return new Settings(fileName, configDir, Collections.unmodifiableMap(merged), problems);
  }

  public String fileName() {
    return fileName;
  }

  /** The directory of the properties file; relative paths in policies resolve against it. */
  public Path configDir() {
    return configDir;
  }

  public Map<String, String> asMap() {
    return values;
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  public Optional<String> get(String key) {
    String v = values.get(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  public String get(String key, String defaultValue) {
    return get(key).orElse(defaultValue);
  }

  public String require(String key, String fix) {
    return get(key).orElseThrow(() -> new ConfigException(new ConfigProblem(fileName, key, "missing", fix)));
  }

  public boolean flag(String key, boolean defaultValue) {
    return get(key).map(Boolean::parseBoolean).orElse(defaultValue);
  }

  public int integer(String key, int defaultValue) {
    String v = get(key).orElse(null);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(new ConfigProblem(fileName, key, "'" + v + "' is not a whole number", "write a number such as " + defaultValue));
    }
  }

  public Duration duration(String key, Duration defaultValue) {
    String v = get(key).orElse(null);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Duration.parse(v);
    } catch (DateTimeParseException e) {
      throw new ConfigException(new ConfigProblem(fileName, key, "'" + v + "' is not an ISO-8601 duration", "write e.g. PT10S or PT5M"));
    }
  }

  /** A path setting (or its default), resolved against the config directory. */
  public Path path(String key, String defaultValue) {
    return configDir.resolve(get(key, defaultValue)).normalize();
  }

  /** Where ciphertext temp files go ({@code callvault.temp-dir}, default {@code ../data/tmp} from the config directory). */
  public Path tempDir() {
    return path("callvault.temp-dir", ConfigPaths.DEFAULT_TEMP_DIR);
  }
}
