package io.callvault.camel;

import io.callvault.config.ConfigProblem;
import io.callvault.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Loads every route file of a directory in a throwaway CamelContext that is never started, as the hub's Camel Main
 * would load it: a word Camel's YAML DSL does not know ({@code proces:}), a step in the wrong place or a bad
 * expression is reported with its file and line, before a hub fails to start on it.
 */
public final class RouteValidation {
  private RouteValidation() {}

  /** The first problem Camel finds in the {@code *.camel.yaml} files of {@code routesDir}; empty when it loads them. */
  public static List<ConfigProblem> problems(Path routesDir, Settings settings) {
    List<ConfigProblem> problems = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(routesDir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
    } catch (IOException e) {
      problems.add(new ConfigProblem(routesDir.toString(), "", "the routes directory cannot be read: " + e,
          "give the directory of the *.camel.yaml files with --routes DIR (default routes/, from the working directory)"));
      return problems;
    }
    if (files.isEmpty()) {
      return problems;
    }
    try (DefaultCamelContext context = new DefaultCamelContext(false)) {
      Properties props = new Properties();
      props.putAll(settings.asMap());
      context.getPropertiesComponent().setInitialProperties(props);
      context.build();
      List<Resource> resources = new ArrayList<>(); // loaded together: templates and configurations are shared
      for (Path f : files) {
        resources.add(ResourceHelper.resolveResource(context, "file:" + f.toAbsolutePath()));
      }
      PluginHelper.getRoutesLoader(context).loadRoutes(resources);
    } catch (Exception e) {
      problems.add(problem(files, e)); // Camel stops at the first one
    }
    return problems;
  }

  private static ConfigProblem problem(List<Path> files, Throwable e) {
    Optional<MarkedYamlEngineException> marked = cause(e, MarkedYamlEngineException.class);
    String where = marked.flatMap(m -> m.getProblemMark()).map(m -> "line " + (m.getLine() + 1)).orElse("");
    String file = marked.flatMap(m -> m.getProblemMark()).map(m -> m.getName())
        .map(RouteValidation::withoutScheme).orElseGet(() -> fileNamed(files, e));
    String message = marked.map(m -> m.getProblem()).filter(p -> p != null && !p.isBlank())
        .orElseGet(() -> root(e).getMessage());
    return new ConfigProblem(file, where, "Camel cannot load the routes: " + message,
        "fix that step against the YAML DSL (https://camel.apache.org/components/latest/others/yaml-dsl.html),"
            + " e.g. a misspelt step name such as 'proces:' for 'process:'");
  }

  private static String withoutScheme(String name) {
    return name.startsWith("file:") ? name.substring("file:".length()) : name;
  }

  /** The route file a message names, else the directory's files. */
  private static String fileNamed(List<Path> files, Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (Path f : files) {
        if (t.getMessage() != null && t.getMessage().contains(f.getFileName().toString())) {
          return f.toString();
        }
      }
    }
    return files.isEmpty() ? "" : files.get(0).getParent().toString();
  }

  private static Throwable root(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  private static <T extends Throwable> Optional<T> cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }
}
