package io.callvault.cli;

import io.callvault.config.ConfigProblem;
import io.callvault.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * The part of {@code check-config} that reads routes/*.camel.yaml: YAML syntax, placeholders the settings do not
 * define, plaintext downloads (localWorkDirectory), PBX files that name an unknown template, parameter or
 * format, duplicate route ids, and the shared error configuration.
 */
final class RouteFilesCheck {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}:]+)(?::[^}]*)?}}");

  private final Settings settings;
  private final Set<String> formats;
  private final List<ConfigProblem> problems;
  private final Map<String, Map<String, Boolean>> templates = new HashMap<>(); // id -> param -> required
  private final Set<String> configurations = new HashSet<>();
  private final Map<Path, List<Object>> parsed = new HashMap<>();

  RouteFilesCheck(Settings settings, Set<String> formats, List<ConfigProblem> problems) {
    this.settings = settings;
    this.formats = formats;
    this.problems = problems;
  }

  void check(Path routesDir) {
    if (!Files.isDirectory(routesDir)) {
      problems.add(new ConfigProblem(routesDir.toString(), "", "routes directory not found", "run callvault from its install directory"));
      return;
    }
    try (Stream<Path> s = Files.list(routesDir)) {
      s.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().forEach(this::read);
    } catch (IOException e) {
      problems.add(new ConfigProblem(routesDir.toString(), "", "cannot list: " + e.getMessage(), "check permissions"));
      return;
    }
    Set<String> routeIds = new HashSet<>();
    parsed.forEach((f, entries) -> entries.forEach(e -> {
      if (e instanceof Map<?, ?> m && m.get("templatedRoute") instanceof Map<?, ?> t) {
        checkTemplatedRoute(f.toString(), t, routeIds);
      }
    }));
    if (!configurations.contains("callvault-ingest-errors")) {
      problems.add(new ConfigProblem(routesDir.toString(), "", "the shared error configuration 'callvault-ingest-errors' is missing",
          "restore routes/ingest-errors.camel.yaml: without it a failing file has no dead letter"));
    }
  }

  private void read(Path f) {
    try {
      String text = Files.readString(f, StandardCharsets.UTF_8);
      Object doc = new Load(LoadSettings.builder().setLabel(f.toString()).build()).loadFromString(text);
      if (!(doc instanceof List<?> list)) {
        problems.add(new ConfigProblem(f.toString(), "line 1", "a route file must be a YAML list of routes, templates or configurations",
            "start each entry with '- route:', '- routeTemplate:', '- templatedRoute:' or '- routeConfiguration:'"));
        return;
      }
      @SuppressWarnings("unchecked")
      List<Object> entries = (List<Object>) list;
      parsed.put(f, entries);
      entries.forEach(this::remember);
      checkPlaceholders(f, text);
      checkNoPlaintextDownload(f, text);
    } catch (MarkedYamlEngineException e) {
      int line = e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(0);
      problems.add(new ConfigProblem(f.toString(), "line " + line, "YAML syntax error: " + e.getProblem(),
          "fix the indentation or quoting at that line"));
    } catch (Exception e) {
      problems.add(new ConfigProblem(f.toString(), "", "cannot read: " + e.getMessage(), "fix the file"));
    }
  }

  /** Templates (with their parameters, and whether each is required) and route configurations, by id. */
  private void remember(Object entry) {
    Map<?, ?> m = entry instanceof Map<?, ?> mm ? mm : Map.of();
    if (m.get("routeTemplate") instanceof Map<?, ?> t) {
      Map<String, Boolean> params = new HashMap<>();
      if (t.get("parameters") instanceof List<?> ps) {
        for (Object p : ps) {
          if (p instanceof Map<?, ?> pm && pm.get("name") != null) {
            params.put(pm.get("name").toString(), !pm.containsKey("defaultValue"));
          }
        }
      }
      templates.put(String.valueOf(t.get("id")), params);
    }
    if (m.get("routeConfiguration") instanceof Map<?, ?> c) {
      configurations.add(String.valueOf(c.get("id")));
    }
  }

  private void checkNoPlaintextDownload(Path f, String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].matches("\\s*localWorkDirectory\\s*:.*") || lines[i].contains("localWorkDirectory=")) {
        problems.add(new ConfigProblem(f.toString(), "line " + (i + 1),
            "localWorkDirectory downloads recordings to local disk in plaintext",
            "remove it: callvault streams the download and writes only ciphertext"));
      }
    }
  }

  private void checkTemplatedRoute(String f, Map<?, ?> t, Set<String> routeIds) {
    String ref = String.valueOf(t.get("routeTemplateRef"));
    String routeId = String.valueOf(t.get("routeId"));
    if (!routeIds.add(routeId)) {
      problems.add(new ConfigProblem(f, "templatedRoute.routeId", "route id '" + routeId + "' is used twice",
          "give every copied PBX file its own routeId"));
    }
    Map<String, Boolean> params = templates.get(ref);
    if (params == null) {
      problems.add(new ConfigProblem(f, "templatedRoute.routeTemplateRef", "unknown route template '" + ref + "'",
          "use one of " + templates.keySet()));
      return;
    }
    Set<String> given = new HashSet<>();
    if (t.get("parameters") instanceof List<?> ps) {
      for (Object p : ps) {
        if (p instanceof Map<?, ?> pm && pm.get("name") != null) {
          given.add(pm.get("name").toString());
          checkParameter(f, ref, params, pm.get("name").toString(), String.valueOf(pm.get("value")));
        }
      }
    }
    params.forEach((name, required) -> {
      if (required && !given.contains(name)) {
        problems.add(new ConfigProblem(f, "templatedRoute.parameters", "required parameter '" + name + "' is missing",
            "add '- name: " + name + "' with a value"));
      }
    });
  }

  private void checkParameter(String f, String ref, Map<String, Boolean> params, String name, String value) {
    if (name.equals("format") && !formats.contains(value)) {
      problems.add(new ConfigProblem(f, "templatedRoute.parameters.format", "unknown PBX format '" + value + "'",
          "use one of " + String.join(", ", formats) + " (./callvault check-config lists them)"));
    }
    if (!params.containsKey(name)) {
      problems.add(new ConfigProblem(f, "templatedRoute.parameters." + name, "template '" + ref + "' has no parameter '"
          + name + "'", "use one of " + params.keySet()));
    }
  }

  private void checkPlaceholders(Path f, String text) {
    boolean template = text.contains("routeTemplate:");
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].stripLeading().startsWith("#")) {
        continue;
      }
      Matcher m = PLACEHOLDER.matcher(lines[i]);
      while (m.find()) {
        String key = m.group(1).strip();
        if (template || key.startsWith("env:") || key.startsWith("sys:") || m.group(0).contains(":")) {
          continue; // template parameters resolve at instantiation; functions and defaults are fine
        }
        if (settings.get(key).isEmpty() && !settings.asMap().containsKey(key)) {
          problems.add(new ConfigProblem(f.toString(), "line " + (i + 1), "placeholder {{" + key + "}} is not defined",
              "add " + key + "=... to " + settings.fileName()));
        }
      }
    }
  }
}
