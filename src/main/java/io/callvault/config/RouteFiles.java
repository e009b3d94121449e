package io.callvault.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the hub's YAML routes come from: one directory, {@code ./callvault run --routes DIR} (default
 * {@code routes/}), the same one {@code check-config} checks. The settings may not name another
 * ({@code camel.main.routes-include-pattern}), and may not ask for route hot reload, which callvault refuses:
 * Camel reloads a changed file by adding its routes again ("duplicate route id"), and a removed file can drop
 * every route (CAMEL-25427), in a hub that holds files claimed from the drops.
 */
public final class RouteFiles {
  public static final String INCLUDE_PATTERN = "camel.main.routes-include-pattern";
  public static final String RELOAD = "camel.main.routes-reload-enabled";

  private RouteFiles() {}

  /** Camel Main's include pattern for the {@code *.camel.yaml} files of {@code dir}. */
  public static String includePattern(Path dir) {
    return "file:" + dir.toAbsolutePath().normalize() + "/*.camel.yaml";
  }

  /** What in the settings contradicts "the routes of --routes DIR, loaded once at start". */
  public static List<ConfigProblem> problems(Settings settings) {
    List<ConfigProblem> problems = new ArrayList<>();
    if (settings.get(INCLUDE_PATTERN).isPresent()) {
      problems.add(new ConfigProblem(settings.fileName(), INCLUDE_PATTERN,
          "the routes are those of ./callvault run --routes DIR (default routes/), not of this key",
          "remove " + INCLUDE_PATTERN + " and give the directory with --routes DIR (check-config takes the same option)"));
    }
    problems.addAll(reloadProblems(settings));
    return problems;
  }

  /** Refuses route settings other than {@code --routes DIR}, and hot reload. */
  public static void refuseOtherRouteSettings(Settings settings) {
    List<ConfigProblem> problems = problems(settings);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** Refuses route hot reload ({@code camel.main.routes-reload-enabled=true}). */
  public static void refuseReload(Settings settings) {
    List<ConfigProblem> problems = reloadProblems(settings);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private static List<ConfigProblem> reloadProblems(Settings settings) {
    if (!settings.get(RELOAD).map(Boolean::parseBoolean).orElse(false)) {
      return List.of();
    }
    return List.of(new ConfigProblem(settings.fileName(), RELOAD,
        "route hot reload is not supported: Camel would add a changed file's routes a second time (duplicate route id)"
            + " and a removed file can drop every route while files are claimed",
        "remove " + RELOAD + " (or set it to false); to change routes, run ./callvault check-config --routes DIR,"
            + " then restart the hub"));
  }
}
