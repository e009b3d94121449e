package io.callvault.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The settings of one PBX source's format: a YAML file named by the source's {@code formatConfig} parameter
 * (for example {@code config/formats/avaya-contactstore.yaml}), flattened to dotted keys
 * ({@code fields.caller-number}), or none (the format's documented defaults).
 *
 * @param origin where the settings come from, for error messages (a file, or "defaults")
 * @param values the settings, by dotted key
 */
public record FormatOptions(String origin, Map<String, String> values) {
  public static final FormatOptions DEFAULTS = new FormatOptions("defaults", Map.of());

  public FormatOptions {
    Objects.requireNonNull(origin, "origin");
    values = Map.copyOf(values);
  }

  /** Reads a YAML mapping; a wrong file is a {@link FormatConfigException} naming it and what to fix. */
  public static FormatOptions load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FormatConfigException(file + ": cannot read the format settings (" + e.getMessage()
          + "); point formatConfig at a YAML file, e.g. config/formats/avaya-contactstore.yaml");
    }
    Object doc;
    try {
      doc = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(text);
    } catch (YamlEngineException e) {
      throw new FormatConfigException(file + ": not valid YAML: " + e.getMessage().replace('\n', ' '));
    }
    if (doc != null && !(doc instanceof Map<?, ?>)) {
      throw new FormatConfigException(file + ": the format settings must be a YAML mapping (key: value)");
    }
    Map<String, String> flat = new LinkedHashMap<>();
    flatten("", doc == null ? Map.of() : (Map<?, ?>) doc, flat);
    return new FormatOptions(file.toString(), flat);
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    map.forEach((k, v) -> {
      String key = prefix + k;
      if (v instanceof Map<?, ?> m) {
        flatten(key + ".", m, out);
      } else if (v instanceof List<?> l) {
        throw new FormatConfigException("'" + key + "' is a list; write one value (a string) per key");
      } else if (v != null) {
        out.put(key, v.toString());
      }
    });
  }

  /** The value of {@code key}, or {@code fallback}. */
  public String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  /** The settings below {@code prefix.} (for example {@code fields}), by the rest of their key. */
  public Map<String, String> section(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix + ".")) {
        out.put(k.substring(prefix.length() + 1), v);
      }
    });
    return out;
  }

  /** These settings where given, else {@code defaults}'. */
  public FormatOptions over(FormatOptions defaults) {
    Map<String, String> all = new LinkedHashMap<>(defaults.values);
    all.putAll(values);
    return new FormatOptions(origin, all);
  }

  /** A problem with a format's settings; the message names the file or key and the fix. */
  public static final class FormatConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FormatConfigException(String message) {
      super(message);
    }
  }
}
