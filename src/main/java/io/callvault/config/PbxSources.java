package io.callvault.config;

import io.callvault.source.PbxFormats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The PBX sources of a routes directory (each {@code templatedRoute} of the {@code pbx-sftp-source} template) and
 * what each needs before it can poll: a known_hosts file that exists while host keys are checked, a private key
 * file that exists when one is named, a password or a key, and a format whose settings are usable. Checked by
 * {@code check-config} and when the hub starts, so that a missing known_hosts file is an error naming the key and
 * the fix, not a silent "cannot connect" at every poll.
 */
public final class PbxSources {
  static final String TEMPLATE = "pbx-sftp-source";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}:]+)(?::([^}]*))?}}");

  /**
   * One PBX source.
   *
   * @param file its route file
   * @param routeId its route id
   * @param params its parameters, the template's defaults included, placeholders not resolved
   */
  public record Source(String file, String routeId, Map<String, String> params) {}

  private PbxSources() {}

  /** The directory of a {@code camel.main.routes-include-pattern} such as {@code file:routes/*.camel.yaml}. */
  public static Path routesDir(String includePattern) {
    String p = includePattern.replaceFirst("^file:", "").split(",")[0].strip();
    int slash = p.lastIndexOf('/');
    return Path.of(slash < 0 ? "." : p.substring(0, slash));
  }

  /** The PBX sources of {@code routesDir}; files that cannot be read are skipped (check-config reports them). */
  public static List<Source> read(Path routesDir) {
    Map<String, String> defaults = new LinkedHashMap<>();
    List<Object[]> templated = new ArrayList<>();
    try (Stream<Path> files = Files.list(routesDir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList()) {
        collect(f, defaults, templated);
      }
    } catch (IOException e) {
      return List.of();
    }
    List<Source> sources = new ArrayList<>();
    for (Object[] t : templated) {
      Map<String, String> params = new LinkedHashMap<>(defaults);
      @SuppressWarnings("unchecked")
      Map<String, String> given = (Map<String, String>) t[2];
      params.putAll(given);
      sources.add(new Source((String) t[0], (String) t[1], params));
    }
    return sources;
  }

  private static void collect(Path f, Map<String, String> defaults, List<Object[]> templated) {
    Object doc;
    try {
      doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(f, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return;
    }
    if (!(doc instanceof List<?> entries)) {
      return;
    }
    for (Object e : entries) {
      Map<?, ?> m = e instanceof Map<?, ?> mm ? mm : Map.of();
      if (m.get("routeTemplate") instanceof Map<?, ?> t && TEMPLATE.equals(String.valueOf(t.get("id")))) {
        parameters(t, "defaultValue").forEach(defaults::put);
      }
      if (m.get("templatedRoute") instanceof Map<?, ?> t && TEMPLATE.equals(String.valueOf(t.get("routeTemplateRef")))) {
        templated.add(new Object[] {f.toString(), String.valueOf(t.get("routeId")), parameters(t, "value")});
      }
    }
  }

  private static Map<String, String> parameters(Map<?, ?> holder, String valueKey) {
    Map<String, String> out = new LinkedHashMap<>();
    if (holder.get("parameters") instanceof List<?> ps) {
      for (Object p : ps) {
        if (p instanceof Map<?, ?> pm && pm.get("name") != null && pm.containsKey(valueKey)) {
          out.put(pm.get("name").toString(), String.valueOf(pm.get(valueKey)));
        }
      }
    }
    return out;
  }

  /**
   * What keeps each source from polling. Relative files are read from {@code baseDir} (the hub's working
   * directory, its install directory).
   */
  public static List<ConfigProblem> check(List<Source> sources, Settings settings, Path baseDir, PbxFormats formats) {
    List<ConfigProblem> problems = new ArrayList<>();
    for (Source s : sources) {
      new SourceCheck(s, settings, baseDir, formats, problems).run();
    }
    return problems;
  }

  /** A source's parameter with its placeholders resolved from the settings (their defaults; unknown ones empty). */
  public static String resolved(Source s, Settings settings, String name) {
    String raw = s.params().getOrDefault(name, "");
    Matcher m = PLACEHOLDER.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = settings.get(m.group(1).strip()).orElse(m.group(2) == null ? "" : m.group(2));
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString().strip();
  }

  /** The checks of one source. */
  private record SourceCheck(Source s, Settings settings, Path baseDir, PbxFormats formats,
      List<ConfigProblem> problems) {
    void run() {
      String host = value("host");
      String port = value("port");
      String knownHosts = value("knownHostsFile");
      if (!"no".equalsIgnoreCase(value("strictHostKeyChecking")) && !readable(knownHosts)) {
        problem("knownHostsFile", "the known_hosts file " + knownHosts + (knownHosts.isEmpty() ? "" : " does not exist"
            + " or cannot be read") + ": PBX source " + s.routeId() + " checks host keys against it and cannot poll",
            "ssh-keyscan -p " + port + " " + host + " >> " + (knownHosts.isEmpty() ? "config/known_hosts" : knownHosts)
            + ", then compare the fingerprint with the PBX's administrator's");
      }
      String key = value("privateKeyFile");
      if (!key.isEmpty() && !readable(key)) {
        problem("privateKeyFile", "the private key file " + key + " does not exist or cannot be read",
            "point it at the OpenSSH private key of the login, or leave it empty to log in with a password");
      }
      if (key.isEmpty() && value("password").isEmpty()) {
        problem("password", "PBX source " + s.routeId() + " has neither a password nor a private key",
            "set its password (from ${env:...}) or its privateKeyFile");
      }
      checkFormat();
    }

    private void checkFormat() {
      String config = value("formatConfig");
      try {
        formats.forSource(value("format"), config.isEmpty() ? "" : baseDir.resolve(config).toString());
      } catch (IllegalArgumentException e) {
        problem(config.isEmpty() ? "format" : "formatConfig", e.getMessage(), "fix the format's settings file;"
            + " README, 'Adding a PBX', has an example per format");
      }
    }

    private boolean readable(String file) {
      return !file.isEmpty() && Files.isReadable(baseDir.resolve(file));
    }

    private String value(String name) {
      return resolved(s, settings, name);
    }

    /** Names the property behind a parameter given as {{key}}, else the route file's parameter. */
    private void problem(String param, String problem, String fix) {
      Matcher m = PLACEHOLDER.matcher(s.params().getOrDefault(param, ""));
      if (m.matches() && settings.asMap().containsKey(m.group(1).strip())) {
        problems.add(new ConfigProblem(settings.fileName(), m.group(1).strip(), problem, fix));
      } else {
        problems.add(new ConfigProblem(s.file(), "templatedRoute.parameters." + param, problem, fix));
      }
    }
  }
}
