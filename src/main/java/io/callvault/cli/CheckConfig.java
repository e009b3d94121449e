package io.callvault.cli;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import io.callvault.config.Settings;
import io.callvault.consent.ConsentSources;
import io.callvault.crypto.PublicKeys;
import io.callvault.policy.Policies;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * {@code ./callvault check-config}: validates application.properties, policies.yaml, the recipient
 * keys and the YAML routes without starting anything, and prints every problem with its fix.
 */
public final class CheckConfig {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}:]+)(?::[^}]*)?}}");

  private final PrintStream out;

  public CheckConfig(PrintStream out) {
    this.out = out;
  }

  public int run(Path configDir, Path routesDir) {
    List<ConfigProblem> problems = check(configDir, routesDir, Map.of());
    warnings(configDir, Map.of()).forEach(w -> out.println("warning: " + w));
    if (problems.isEmpty()) {
      out.println("configuration OK: " + configDir + "/ and " + routesDir + "/");
      return 0;
    }
    out.println(problems.size() + " problem(s) found:");
    for (ConfigProblem p : problems) {
      out.println("- " + p.toString().replace("\n", "\n  "));
    }
    return 1;
  }

  /** What works but is risky: an HTTP API bound beyond loopback without TLS. */
  public static List<String> warnings(Path configDir, Map<String, String> overrides) {
    Settings settings = Settings.load(configDir.resolve("application.properties"), overrides);
    return io.callvault.api.HttpExposure.of(settings.asMap()).warning().stream().toList();
  }

  /** Every problem of a configuration; empty when it can be used. */
  public static List<ConfigProblem> check(Path configDir, Path routesDir, Map<String, String> overrides) {
    List<ConfigProblem> problems = new ArrayList<>();
    Settings settings = Settings.load(configDir.resolve("application.properties"), overrides);
    problems.addAll(settings.problems());
    checkSettings(settings, problems);

    Path policiesFile = settings.path("callvault.policies", configDir.resolve("policies.yaml").toString());
    try {
      PolicySet policies = Policies.load(policiesFile, policiesFile.toAbsolutePath().getParent());
      for (Purpose p : policies.purposes()) {
        for (Path key : p.recipients()) {
          try {
            if (PublicKeys.encryptionKeys(key).isEmpty()) {
              throw new IllegalArgumentException("no encryption key in it");
            }
          } catch (Exception e) {
            problems.add(new ConfigProblem(policiesFile.toString(), "purposes." + p.name() + ".recipients",
                "recipient key " + key + " is not usable: " + e.getMessage(),
                "point to an OpenPGP public key; make one with ./callvault keys generate " + p.name()));
          }
        }
      }
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    try {
      ConsentSources.fromProperties(settings.asMap(), settings.configDir());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    try { // the audit anchors' settings and configured keys (the hub makes the zero-setup pair itself)
      io.callvault.audit.AnchorSettings anchors = io.callvault.audit.AnchorSettings.from(settings);
      anchors.readSigningKey();
      anchors.readPublicKeys();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    checkRoutes(routesDir, settings, problems);
    return problems;
  }

  private static void checkSettings(Settings s, List<ConfigProblem> problems) {
    String file = s.fileName();
    s.get("s3.endpoint").ifPresent(v -> {
      try {
        URI u = URI.create(v);
        if (u.getScheme() == null || u.getHost() == null) {
          throw new IllegalArgumentException();
        }
      } catch (IllegalArgumentException e) {
        problems.add(new ConfigProblem(file, "s3.endpoint", "'" + v + "' is not a URL", "write e.g. http://minio:9000, or leave empty for AWS"));
      }
    });
    String url = s.get("catalog.url", "jdbc:h2:file:./data/catalog/callvault");
    if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      problems.add(new ConfigProblem(file, "catalog.url", "unsupported database URL",
          "use jdbc:h2:file:./data/catalog/callvault or jdbc:postgresql://host:5432/callvault"));
    } else {
      try {
        io.callvault.catalog.EmbeddedH2.hardened(url);
      } catch (IllegalArgumentException e) {
        problems.add(new ConfigProblem(file, "catalog.url", e.getMessage(), "use jdbc:h2:file:./data/catalog/callvault"
            + " (one hub) or jdbc:postgresql://host:5432/callvault (several processes)"));
      }
    }
    for (String key : List.of("callvault.drop.min-age", "consent.cache.ttl", "callvault.dependency-check-interval",
        "catalog.start-wait")) {
      try {
        s.duration(key, Duration.ZERO);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    try {
      s.integer("callvault.drop.max-attempts", 5);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    boolean alreadyReported = s.problems().stream().anyMatch(p -> "callvault.subject-key-secret".equals(p.where()));
    if (!alreadyReported && s.get("callvault.subject-key-secret").map(String::length).orElse(0) < 16) {
      problems.add(new ConfigProblem(file, "callvault.subject-key-secret", "missing or shorter than 16 characters",
          "export CALLVAULT_SUBJECT_SECRET with 32+ random characters (e.g. openssl rand -hex 32)"));
    }
  }

  private static void checkRoutes(Path routesDir, Settings settings, List<ConfigProblem> problems) {
    if (!Files.isDirectory(routesDir)) {
      problems.add(new ConfigProblem(routesDir.toString(), "", "routes directory not found", "run callvault from its install directory"));
      return;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(routesDir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
    } catch (IOException e) {
      problems.add(new ConfigProblem(routesDir.toString(), "", "cannot list: " + e.getMessage(), "check permissions"));
      return;
    }
    Map<String, Map<String, Boolean>> templates = new HashMap<>(); // id -> param -> required
    Set<String> configurations = new HashSet<>();
    Map<Path, List<Object>> parsed = new HashMap<>();
    for (Path f : files) {
      String text;
      try {
        text = Files.readString(f, StandardCharsets.UTF_8);
        Object doc = new Load(LoadSettings.builder().setLabel(f.toString()).build()).loadFromString(text);
        if (!(doc instanceof List<?> list)) {
          problems.add(new ConfigProblem(f.toString(), "line 1", "a route file must be a YAML list of routes, templates or configurations",
              "start each entry with '- route:', '- routeTemplate:', '- templatedRoute:' or '- routeConfiguration:'"));
          continue;
        }
        @SuppressWarnings("unchecked")
        List<Object> entries = (List<Object>) list;
        parsed.put(f, entries);
        for (Object e : entries) {
          Map<?, ?> m = e instanceof Map<?, ?> mm ? mm : Map.of();
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
        checkPlaceholders(f, text, settings, problems);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          if (lines[i].matches("\\s*localWorkDirectory\\s*:.*") || lines[i].contains("localWorkDirectory=")) {
            problems.add(new ConfigProblem(f.toString(), "line " + (i + 1),
                "localWorkDirectory downloads recordings to local disk in plaintext",
                "remove it: callvault streams the download and writes only ciphertext"));
          }
        }
      } catch (MarkedYamlEngineException e) {
        int line = e.getProblemMark().map(mark -> mark.getLine() + 1).orElse(0);
        problems.add(new ConfigProblem(f.toString(), "line " + line, "YAML syntax error: " + e.getProblem(),
            "fix the indentation or quoting at that line"));
      } catch (Exception e) {
        problems.add(new ConfigProblem(f.toString(), "", "cannot read: " + e.getMessage(), "fix the file"));
      }
    }
    Set<String> routeIds = new HashSet<>();
    for (Map.Entry<Path, List<Object>> entry : parsed.entrySet()) {
      String f = entry.getKey().toString();
      for (Object e : entry.getValue()) {
        if (!(e instanceof Map<?, ?> m) || !(m.get("templatedRoute") instanceof Map<?, ?> t)) {
          continue;
        }
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
          continue;
        }
        Set<String> given = new HashSet<>();
        if (t.get("parameters") instanceof List<?> ps) {
          for (Object p : ps) {
            if (p instanceof Map<?, ?> pm && pm.get("name") != null) {
              String name = pm.get("name").toString();
              given.add(name);
              if (name.equals("format") && !"freepbx".equals(String.valueOf(pm.get("value")))) {
                problems.add(new ConfigProblem(f, "templatedRoute.parameters.format",
                    "unsupported drop format '" + pm.get("value") + "'", "use freepbx (FreePBX and Asterisk one-touch names)"));
              }
              if (!params.containsKey(name)) {
                problems.add(new ConfigProblem(f, "templatedRoute.parameters." + name, "template '" + ref + "' has no parameter '" + name + "'",
                    "use one of " + params.keySet()));
              }
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
    }
    if (!configurations.contains("callvault-ingest-errors")) {
      problems.add(new ConfigProblem(routesDir.toString(), "", "the shared error configuration 'callvault-ingest-errors' is missing",
          "restore routes/ingest-errors.camel.yaml: without it a failing file has no dead letter"));
    }
  }

  private static void checkPlaceholders(Path f, String text, Settings settings, List<ConfigProblem> problems) {
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
