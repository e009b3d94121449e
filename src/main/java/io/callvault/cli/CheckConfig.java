package io.callvault.cli;

import io.callvault.config.ConfigException;
import io.callvault.config.ConfigProblem;
import io.callvault.config.Settings;
import io.callvault.consent.ConsentSources;
import io.callvault.crypto.PublicKeys;
import io.callvault.policy.Policies;
import io.callvault.policy.PolicySet;
import io.callvault.policy.Purpose;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code ./callvault check-config}: validates application.properties, policies.yaml, the recipient
 * keys and the YAML routes without starting anything, and prints every problem with its fix.
 */
public final class CheckConfig {
  private static final Path HOME = Path.of(System.getProperty("user.home"));
  private final PrintStream out;

  public CheckConfig(PrintStream out) {
    this.out = out;
  }

  public int run(Path configDir, Path routesDir) {
    List<ConfigProblem> problems = check(configDir, routesDir, Map.of());
    warnings(configDir, Map.of()).forEach(w -> out.println("warning: " + w));
    out.println("PBX formats a source's 'format' parameter may name:");
    io.callvault.source.PbxFormats.standard(new io.callvault.source.PhoneNumbers("GB")).entries()
        .forEach(f -> out.println("  " + f.name() + ": " + f.description()));
    out.println(region(configDir));
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

  /** Which region national numbers are read in: a number that is not full there is looked up as written. */
  static String region(Path configDir) {
    String region = Settings.load(configDir.resolve("application.properties"), Map.of())
        .get("callvault.default-region", "GB");
    return "phone numbers: national numbers are read in region " + region + " (callvault.default-region); a number"
        + " that is not a full number there is still looked up and cataloged, as written (its digits)";
  }

  /** What works but is risky: an HTTP API bound beyond loopback without TLS; AWS targets only a role could sign for. */
  public static List<String> warnings(Path configDir, Map<String, String> overrides) {
    Settings settings = Settings.load(configDir.resolve("application.properties"), overrides);
    List<String> warnings = new ArrayList<>(io.callvault.api.HttpExposure.of(settings.asMap()).warning().stream()
        .toList());
    try {
      Path policiesFile = settings.path("callvault.policies", io.callvault.config.ConfigPaths.DEFAULT_POLICIES);
      warnings.addAll(io.callvault.store.CredentialCheck.warnings(settings,
          Policies.load(policiesFile, policiesFile.toAbsolutePath().getParent()), System.getenv(), HOME));
    } catch (ConfigException e) {
      // check() reports the policies' problems
    }
    for (String[] shipped : new String[][] {{io.callvault.notice.Controller.NAME, "Example Bank SA"},
        {io.callvault.notice.Controller.DPO_CONTACT, "dpo@example.com"}}) {
      if (settings.get(shipped[0], "").strip().equals(shipped[1])) {
        warnings.add(settings.fileName() + " [" + shipped[0] + "]: still the shipped example '" + shipped[1]
            + "', which every notice would name; fix: set your company's");
      }
    }
    return warnings;
  }

  /** Every problem of a configuration; empty when it can be used. */
  public static List<ConfigProblem> check(Path configDir, Path routesDir, Map<String, String> overrides) {
    List<ConfigProblem> problems = new ArrayList<>();
    Settings settings = Settings.load(configDir.resolve("application.properties"), overrides);
    problems.addAll(settings.problems());
    checkSettings(settings, problems);

    Path policiesFile = settings.path("callvault.policies", io.callvault.config.ConfigPaths.DEFAULT_POLICIES);
    try {
      PolicySet policies = Policies.load(policiesFile, policiesFile.toAbsolutePath().getParent());
      try (io.callvault.store.StorageTargets targets = io.callvault.store.StorageTargets.from(settings, policies)) {
        targets.clients(); // the purposes' storage targets are defined and their buckets their own
        problems.addAll(io.callvault.store.CredentialCheck.problems(settings, policies, System.getenv(), HOME));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
      for (io.callvault.notice.Language lang : io.callvault.notice.Language.values()) { // ./callvault notice --lang
        problems.addAll(io.callvault.notice.Wordings.problems(policies, lang, policiesFile.toString()));
      }
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
    checkPeople(settings, problems);
    try { // the audit anchors' settings and configured keys (the hub makes the zero-setup pair itself)
      io.callvault.audit.AnchorSettings anchors = io.callvault.audit.AnchorSettings.from(settings);
      anchors.readSigningKey();
      anchors.readPublicKeys();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    problems.addAll(io.callvault.config.RouteFiles.problems(settings));
    problems.addAll(io.callvault.config.CronSettings.problems(settings, new java.util.Date()));
    problems.addAll(io.callvault.consent.SampleAnswerCheck.problems(settings.asMap(), settings.configDir(),
        settings.fileName()));
    checkRoutes(routesDir, settings, problems);
    return problems;
  }

  /** Who records (the controller and the DPO, named by every notice) and the employee directory. */
  private static void checkPeople(Settings settings, List<ConfigProblem> problems) {
    try {
      io.callvault.notice.Controller.from(settings);
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    try { // the employee directory: a CSV file is read and checked row by row
      io.callvault.employees.EmployeeSettings.directory(settings.asMap(), settings.configDir());
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
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
    String url = s.get("catalog.url", io.callvault.config.ConfigPaths.DEFAULT_CATALOG_URL);
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
    try {
      io.callvault.ingest.IntegrityRule.parse(s.get(io.callvault.ingest.IntegrityRule.KEY, "store-flagged"), file);
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
    problems.addAll(routeProblems(routesDir, settings));
  }

  /** The problems of the route files in {@code routesDir}, the ones {@code run --routes DIR} loads. */
  private static List<ConfigProblem> routeProblems(Path routesDir, Settings settings) {
    List<ConfigProblem> problems = new ArrayList<>();
    new RouteFilesCheck(settings, formatNames(settings), problems).check(routesDir);
    if (Files.isDirectory(routesDir)) {
      // what each PBX source needs to poll, files read as the hub reads them: from its install directory
      Path installDir = settings.configDir().toAbsolutePath().getParent();
      problems.addAll(io.callvault.config.PbxSources.check(io.callvault.config.PbxSources.read(routesDir), settings,
          installDir == null ? Path.of("") : installDir, io.callvault.source.PbxFormats.standard(
              new io.callvault.source.PhoneNumbers(settings.get("callvault.default-region", "GB")))));
    }
    if (problems.isEmpty()) { // the files read as YAML: now as Camel's YAML DSL, as the hub loads them
      problems.addAll(io.callvault.camel.RouteValidation.problems(routesDir, settings));
    }
    return problems;
  }

  /** The PBX formats a source's {@code format} parameter may name. */
  static Set<String> formatNames(Settings settings) {
    Set<String> names = new java.util.LinkedHashSet<>();
    names.addAll(io.callvault.source.PbxFormats.standard(new io.callvault.source.PhoneNumbers(
        settings.get("callvault.default-region", "GB"))).names());
    return names;
  }
}
